//! `casus bench-serve`: a load test of a running `casus serve`. Many
//! clients, each on a keep-alive connection of its own, send a mix of
//! reads (event lists under varied filters, single events, counts, the
//! map's grid, actor completion, the page) and, with the token, writes
//! (a new article each, extracted and stored); it reports requests per
//! second, latency percentiles by kind, and every error by its cause.

use anyhow::{bail, Context as _, Result};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of `casus bench-serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct Options {
    /// The server (http://HOST:PORT).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// Clients, each on a connection of its own.
    #[arg(long, default_value_t = 1000)]
    pub clients: usize,
    /// Seconds to run.
    #[arg(long, default_value_t = 30)]
    pub secs: u64,
    /// Each client's mean pause between requests, in milliseconds
    /// (drawn from an exponential distribution); 0 sends the next
    /// request as soon as an answer comes.
    #[arg(long, default_value_t = 0)]
    pub think_ms: u64,
    /// Share of requests that post an article (0 to 1); needs --token.
    #[arg(long, default_value_t = 0.05)]
    pub writes: f64,
    /// The server's token, for the writes.
    #[arg(long, env = "CASUS_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Seconds after which a request counts as failed.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    List,
    Event,
    Stats,
    Map,
    Actors,
    Page,
    Write,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::List => "GET /api/events (filters)",
            Kind::Event => "GET /api/events/{id}",
            Kind::Stats => "GET /api/stats",
            Kind::Map => "GET /api/map",
            Kind::Actors => "GET /api/actors",
            Kind::Page => "GET / and assets",
            Kind::Write => "POST /api/articles",
        }
    }
}

/// What the server holds, to build plausible requests.
struct Seeds {
    host: String,
    ids: Vec<String>,
    countries: Vec<String>,
    types: Vec<String>,
}

/// One client's record of its requests.
#[derive(Default)]
struct Tally {
    /// Latency in microseconds, by kind, of answered requests.
    micros: BTreeMap<Kind, Vec<u32>>,
    /// Failures by kind and cause ("503", "connect: refused", "timeout").
    errors: BTreeMap<(Kind, String), u64>,
    /// Articles the server stored.
    written: u64,
    /// Single events asked for that had been merged into another since
    /// their ids were read (404: an event's id is its earliest report's,
    /// and a write can bring an earlier one).
    merged_away: u64,
}

/// A small random generator (xorshift), one per client.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Runs the load test and prints its report.
pub fn run(o: &Options) -> Result<()> {
    if o.writes > 0.0 && o.token.is_none() {
        bail!(
            "--writes {} needs the server's token (--token or CASUS_TOKEN)",
            o.writes
        );
    }
    if !(0.0..=1.0).contains(&o.writes) {
        bail!("--writes {} is not a share from 0 to 1", o.writes);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    rt.block_on(load(o))
}

/// `http://HOST:PORT[/]` → the address and the Host header.
async fn address(url: &str) -> Result<(SocketAddr, String)> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("{url}: give http://HOST:PORT (TLS is for a proxy in front)"))?;
    let host = rest.trim_end_matches('/');
    if host.contains('/') {
        bail!("{url}: give the server's root, http://HOST:PORT");
    }
    let with_port = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let addr = tokio::net::lookup_host(&with_port)
        .await
        .with_context(|| format!("resolving {host}"))?
        .next()
        .with_context(|| format!("{host} has no address"))?;
    Ok((addr, host.to_string()))
}

/// A keep-alive connection.
type Sender = http1::SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Result<Sender, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Sends one request; returns the status and the body.
async fn send(
    sender: &mut Sender,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Bytes,
) -> Result<(u16, Bytes), String> {
    sender
        .ready()
        .await
        .map_err(|e| format!("connection: {e}"))?;
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", host);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let req = req
        .body(Full::new(body))
        .map_err(|e| format!("request: {e}"))?;
    let resp = sender
        .send_request(req)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?
        .to_bytes();
    Ok((status, body))
}

/// Reads what the server holds: event ids, countries and types.
async fn seeds(addr: SocketAddr, host: String) -> Result<Seeds> {
    let mut s = connect(addr)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("reaching the server at {addr}"))?;
    let (status, body) = send(
        &mut s,
        &host,
        "GET",
        "/api/events?limit=500",
        &[],
        Bytes::new(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if status != 200 {
        bail!(
            "GET /api/events answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&body).context("reading /api/events")?;
    let events = v["events"].as_array().cloned().unwrap_or_default();
    let mut ids = Vec::new();
    let mut countries = Vec::new();
    let mut types = Vec::new();
    for e in &events {
        if let Some(id) = e["id"].as_str() {
            ids.push(id.to_string());
        }
        for k in [&e["location"]["country"], &e["source"]["country"]] {
            if let Some(c) = k.as_str() {
                if !countries.iter().any(|x| x == c) {
                    countries.push(c.to_string());
                }
            }
        }
        if let Some(t) = e["event_type"].as_str() {
            if !types.iter().any(|x| x == t) {
                types.push(t.to_string());
            }
        }
    }
    if ids.is_empty() {
        bail!("the server's store holds no events: ingest some first");
    }
    Ok(Seeds {
        host,
        ids,
        countries,
        types,
    })
}

/// The path of a read of `kind`.
fn read_path(kind: Kind, s: &Seeds, r: &mut Rng) -> String {
    match kind {
        Kind::List => {
            let filter = match r.below(7) {
                0 => String::new(),
                1 => format!("&type={}", s.types[r.below(s.types.len())]),
                2 if !s.countries.is_empty() => {
                    format!("&country={}", s.countries[r.below(s.countries.len())])
                }
                3 => {
                    let y = 2019 + r.below(6);
                    format!("&since={y}-01-01&until={y}-06-30")
                }
                4 => format!(
                    "&text={}",
                    r.pick(&["killed", "police", "protest", "talks", "arrested"])
                ),
                5 => "&min_fatalities=1".into(),
                _ => "&bbox=20,-10,60,40".into(),
            };
            format!("/api/events?limit=50{filter}")
        }
        Kind::Event => format!("/api/events/{}", path_segment(&s.ids[r.below(s.ids.len())])),
        Kind::Stats => match r.below(2) {
            0 => "/api/stats".into(),
            _ => format!("/api/stats?type={}", s.types[r.below(s.types.len())]),
        },
        Kind::Map => "/api/map?cell=2".into(),
        Kind::Actors => format!(
            "/api/actors?q={}",
            r.pick(&["po", "re", "ar", "ukr", "isr", "mil", "gov"])
        ),
        Kind::Page | Kind::Write => r.pick(&["/", "/assets/app.js", "/api/meta"]).into(),
    }
}

/// `s` percent-encoded as one segment of a path (ids hold `#`).
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A new article for a write: two sentences of news about one of many
/// places, kinds of event and days (2019 to 2024), so that writes add
/// events of their own and merge now and then, as a feed's do; its id
/// is used by no other write.
fn article(client: usize, n: u64, r: &mut Rng) -> Bytes {
    let places = [
        "Kharkiv",
        "Goma",
        "Khartoum",
        "Mogadishu",
        "Bamako",
        "Mosul",
        "Kabul",
        "Aleppo",
        "Sanaa",
        "Tripoli",
        "Maiduguri",
        "Quetta",
        "Lahore",
        "Caracas",
        "Lima",
        "Bogota",
        "Nairobi",
        "Addis Ababa",
        "Yangon",
        "Manila",
        "Dhaka",
        "Kinshasa",
        "Juba",
        "Niamey",
    ];
    let events = [
        "Gunmen attacked a village near {P} on Monday, killing {N} people, local officials said.",
        "Thousands of protesters marched through {P} on Monday to demand higher wages, organisers said.",
        "Police arrested {N} opposition activists in {P} on Monday, a rights group said.",
        "An airstrike hit a market in {P} on Monday, killing {N} civilians, witnesses said.",
        "The government and rebel leaders met in {P} on Monday for talks on a ceasefire.",
        "Aid agencies delivered food to {N} thousand displaced families in {P} on Monday.",
    ];
    let place = places[r.below(places.len())];
    let what = events[r.below(events.len())]
        .replace("{P}", place)
        .replace("{N}", &(2 + r.below(40)).to_string());
    let date = casus_core::Date::new(2019, 1, 1)
        .map(|d| d.add_days(r.below(6 * 365) as i32).to_string())
        .unwrap_or_else(|| "2024-01-01".into());
    let v = serde_json::json!({
        "id": format!("bench-serve-{client}-{n}-{}", r.next() % 1_000_000_007),
        "date": date,
        "outlet": "bench-serve",
        "text": format!("{place} ({date}) - {what} Officials gave no further details."),
    });
    Bytes::from(v.to_string())
}

/// One client: its own connection and requests until `until`.
async fn client(
    id: usize,
    addr: SocketAddr,
    seeds: Arc<Seeds>,
    o: Arc<Options>,
    until: Instant,
) -> Tally {
    let mut t = Tally::default();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ ((id as u64 + 1) * 0x2545_F491_4F6C_DD1D) | 1);
    let auth = o
        .token
        .as_ref()
        .map(|tok| ("authorization", format!("Bearer {tok}")));
    let mut conn: Option<Sender> = None;
    let mut n = 0u64;
    let timeout = Duration::from_secs(o.timeout.max(1));
    // Start at a random moment within the first pause, so that the
    // clients do not all send at once.
    if o.think_ms > 0 {
        tokio::time::sleep(Duration::from_millis(r.below(o.think_ms as usize) as u64)).await;
    }
    while Instant::now() < until {
        let kind = if r.unit() < o.writes {
            Kind::Write
        } else {
            match r.below(20) {
                0..=7 => Kind::List,
                8..=11 => Kind::Event,
                12..=13 => Kind::Stats,
                14..=15 => Kind::Map,
                16..=17 => Kind::Actors,
                _ => Kind::Page,
            }
        };
        if conn.as_ref().is_none_or(|c| c.is_closed()) {
            match connect(addr).await {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    *t.errors.entry((kind, e)).or_default() += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            }
        }
        let Some(sender) = conn.as_mut() else {
            continue;
        };
        n += 1;
        let started = Instant::now();
        let sent = if kind == Kind::Write {
            let mut headers = vec![("content-type", "application/json".to_string())];
            headers.extend(auth.clone());
            let body = article(id, n, &mut r);
            tokio::time::timeout(
                timeout,
                send(sender, &seeds.host, "POST", "/api/articles", &headers, body),
            )
            .await
        } else {
            let path = read_path(kind, &seeds, &mut r);
            tokio::time::timeout(
                timeout,
                send(sender, &seeds.host, "GET", &path, &[], Bytes::new()),
            )
            .await
        };
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        match sent {
            Ok(Ok((200, _))) => {
                t.micros.entry(kind).or_default().push(micros);
                if kind == Kind::Write {
                    t.written += 1;
                }
            }
            Ok(Ok((404, _))) if kind == Kind::Event => {
                t.micros.entry(kind).or_default().push(micros);
                t.merged_away += 1;
            }
            Ok(Ok((status, body))) => {
                let msg = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["error"]["message"].as_str().map(String::from))
                    .unwrap_or_default();
                // Quoted values vary; the cause is what comes before.
                let cause = msg.split('"').next().unwrap_or_default().trim_end();
                *t.errors
                    .entry((kind, format!("{status} {cause}")))
                    .or_default() += 1;
            }
            Ok(Err(e)) => {
                *t.errors.entry((kind, e)).or_default() += 1;
                conn = None;
            }
            Err(_) => {
                *t.errors
                    .entry((kind, format!("no answer within {} s", timeout.as_secs())))
                    .or_default() += 1;
                conn = None;
            }
        }
        if o.think_ms > 0 {
            // Exponential pauses: a Poisson stream of requests per client.
            let pause = -(1.0 - r.unit()).ln() * o.think_ms as f64;
            tokio::time::sleep(Duration::from_secs_f64(pause.min(60_000.0) / 1000.0)).await;
        }
    }
    t
}

/// The `p`th percentile of sorted `v`, in milliseconds.
fn pct(v: &[u32], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    f64::from(v[i.min(v.len() - 1)]) / 1000.0
}

async fn load(o: &Options) -> Result<()> {
    let (addr, host) = address(&o.url).await?;
    let seeds = Arc::new(seeds(addr, host).await?);
    println!(
        "target: {} ({} event ids, {} countries, {} types to draw requests from)",
        o.url,
        seeds.ids.len(),
        seeds.countries.len(),
        seeds.types.len()
    );
    println!(
        "load: {} clients, each on its own connection, for {} s; pause {}; writes {:.1}% of requests",
        o.clients,
        o.secs,
        if o.think_ms == 0 {
            "none (next request on each answer)".to_string()
        } else {
            format!("{} ms on average", o.think_ms)
        },
        o.writes * 100.0
    );
    let opts = Arc::new(o.clone());
    let started = Instant::now();
    let until = started + Duration::from_secs(o.secs);
    let tasks: Vec<_> = (0..o.clients)
        .map(|i| {
            tokio::spawn(client(
                i,
                addr,
                Arc::clone(&seeds),
                Arc::clone(&opts),
                until,
            ))
        })
        .collect();
    let mut all = Tally::default();
    for task in tasks {
        let t = task.await.context("a client failed")?;
        for (k, v) in t.micros {
            all.micros.entry(k).or_default().extend(v);
        }
        for (k, n) in t.errors {
            *all.errors.entry(k).or_default() += n;
        }
        all.written += t.written;
        all.merged_away += t.merged_away;
    }
    let secs = started.elapsed().as_secs_f64();
    report(&all, secs);
    Ok(())
}

fn report(all: &Tally, secs: f64) {
    println!(
        "{:<28} {:>9} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "requests", "answered", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let errors_of = |k: Kind| -> u64 {
        all.errors
            .iter()
            .filter(|((kind, _), _)| *kind == k)
            .map(|(_, n)| n)
            .sum()
    };
    let line = |name: &str, v: &mut Vec<u32>, errors: u64| {
        v.sort_unstable();
        println!(
            "{name:<28} {:>9} {errors:>7} {:>9.0} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            v.len(),
            (v.len() as u64 + errors) as f64 / secs,
            pct(v, 0.5),
            pct(v, 0.9),
            pct(v, 0.99),
            pct(v, 1.0)
        );
    };
    let mut reads = Vec::new();
    let mut read_errors = 0;
    let mut total = Vec::new();
    for (k, v) in &all.micros {
        let mut v = v.clone();
        line(k.name(), &mut v, errors_of(*k));
        if *k != Kind::Write {
            reads.extend_from_slice(&v);
            read_errors += errors_of(*k);
        }
        total.extend_from_slice(&v);
    }
    let all_errors: u64 = all.errors.values().sum();
    line("all reads", &mut reads, read_errors);
    line("all", &mut total, all_errors);
    println!("articles written: {}", all.written);
    if all.merged_away > 0 {
        println!(
            "single events merged into another since their ids were read (404, not errors): {}",
            all.merged_away
        );
    }
    if all.errors.is_empty() {
        println!("errors: none");
    }
    for ((k, cause), n) in &all.errors {
        println!("error: {n} × {}: {cause}", k.name());
    }
}
