//! `casus bench-store`: ingest throughput and query latency of a store,
//! on events generated at random (types, dates over two years, actors and
//! places drawn from the gazetteer's larger towns; one event in five told
//! by a second outlet, so merging has work to do).

use anyhow::{Context as _, Result};
use casus_core::record::{ActorRecord, Evidence, LocationRecord, Record};
use casus_core::{Date, EventType, Iso3, Pipeline};
use casus_store::{ArticleIn, Filter, Store};
use std::time::Instant;

/// Options of `casus bench-store`.
pub struct Options {
    /// Events to generate.
    pub events: usize,
    /// Articles per transaction.
    pub batch: usize,
    /// Timed runs of each query.
    pub runs: usize,
    /// Seed of the generator: another seed, other articles (to grow a
    /// store).
    pub seed: u64,
    /// Articles in date order (a news feed or an archive read in order)
    /// rather than dates at random (the worst case for the indexes).
    pub chronological: bool,
    /// One bulk load instead of a transaction per batch.
    pub bulk: bool,
}

/// A small, fast, seeded generator (xorshift64*): the same store every
/// run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Town {
    name: String,
    country: Iso3,
    admin1: Option<String>,
    lat: f64,
    lon: f64,
}

const TYPES: [(EventType, &str, f32); 8] = [
    (EventType::Assault, "190", -10.0),
    (EventType::Protest, "141", -6.5),
    (EventType::Accuse, "112", -2.0),
    (EventType::Coerce, "173", -5.0),
    (EventType::Consult, "040", 1.0),
    (EventType::Agree, "030", 4.0),
    (EventType::Threaten, "130", -4.4),
    (EventType::Mobilize, "150", -7.2),
];

fn actor(country: Iso3, sector: &'static str) -> ActorRecord {
    ActorRecord {
        text: format!("{country} {sector}"),
        name: format!("{country} {sector}"),
        country: Some(country),
        sector: Some(sector),
        code: Some(format!("{country}{sector}")),
        sponsor: None,
        country_from: None,
        start: 0,
        end: 10,
    }
}

fn record(rng: &mut Rng, article: &str, n: usize, towns: &[Town], day: Date) -> Record {
    let (ty, cameo, goldstein) = TYPES[rng.below(TYPES.len())];
    let town = &towns[rng.below(towns.len())];
    let other = &towns[rng.below(towns.len())];
    let text = format!(
        "Forces of {} and {} clashed near {} on the day, officials said.",
        town.country, other.country, town.name
    );
    let killed = (ty == EventType::Assault).then(|| rng.below(30) as u32);
    Record {
        article_id: article.to_string(),
        id: format!("{article}#{n}"),
        event_type: ty,
        mode: None,
        cameo: Some(cameo.to_string()),
        goldstein: Some(goldstein),
        acled: None,
        date: Some(day),
        date_tolerance_days: 0,
        source: Some(actor(town.country, "MIL")),
        target: Some(actor(other.country, "CVL")),
        location: Some(LocationRecord {
            text: town.name.clone(),
            name: town.name.clone(),
            country: Some(town.country),
            admin1: town.admin1.clone(),
            lat: Some(town.lat),
            lon: Some(town.lon),
            precision: "city",
            geonames_id: None,
            basis: "text",
            start: Some(0),
            end: Some(4),
        }),
        fatalities: killed,
        injuries: None,
        evidence: Evidence {
            end: text.len(),
            text,
            start: 0,
        },
        trigger: Evidence {
            text: "clashed".into(),
            start: 0,
            end: 7,
        },
        date_evidence: None,
        attribution: None,
        responds_to: Vec::new(),
    }
}

/// Runs the benchmark on `store` (which should be empty) and prints its
/// figures.
pub fn run(p: &Pipeline, store: &mut Store, o: &Options) -> Result<()> {
    let towns: Vec<Town> = p
        .cities(500_000)
        .into_iter()
        .filter_map(|pl| {
            Some(Town {
                name: pl.name,
                country: pl.country?,
                admin1: pl.admin1,
                lat: pl.lat?,
                lon: pl.lon?,
            })
        })
        .collect();
    anyhow::ensure!(!towns.is_empty(), "no towns in the gazetteer");
    let start = Date::new(2023, 1, 1).context("a date")?;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ o.seed.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let before = store.totals()?;
    println!(
        "store: {} ({} events before), {} towns to draw from",
        store.name(),
        before.events,
        towns.len()
    );
    let t = Instant::now();
    let (mut made, mut articles, mut reports) = (0usize, 0usize, 0usize);
    let mut batch: Vec<ArticleIn> = Vec::with_capacity(o.batch);
    let mut load = store.load(o.bulk)?;
    while made < o.events {
        let id = format!("gen{}-{articles:08}", o.seed);
        // In date order: the day advances with the articles, give or
        // take two days.
        let day = if o.chronological {
            let at = (made as f64 / o.events.max(1) as f64 * 730.0) as i32;
            start.add_days((at + rng.below(5) as i32 - 2).clamp(0, 729))
        } else {
            start.add_days(rng.below(730) as i32)
        };
        let n = 1 + rng.below(3);
        let mut records: Vec<Record> = (1..=n)
            .map(|k| record(&mut rng, &id, k, &towns, day))
            .collect();
        made += n;
        reports += n;
        articles += 1;
        // One event in five told by a second outlet, a day later.
        let copy = (rng.below(5) == 0).then(|| {
            let id2 = format!("gen{}-{articles:08}", o.seed);
            articles += 1;
            let mut r = records[0].clone();
            r.article_id = id2.clone();
            r.id = format!("{id2}#1");
            r.date = Some(day.add_days(1));
            reports += 1;
            ArticleIn {
                id: id2,
                outlet: Some("second".into()),
                date: Some(day.add_days(1).to_string()),
                title: None,
                url: None,
                text: r.evidence.text.clone(),
                records: vec![r],
            }
        });
        let text = records
            .iter()
            .map(|r| r.evidence.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        records.shrink_to_fit();
        batch.push(ArticleIn {
            id,
            outlet: Some("first".into()),
            date: Some(day.to_string()),
            title: None,
            url: None,
            text,
            records,
        });
        batch.extend(copy);
        if batch.len() >= o.batch {
            load.ingest(&batch)?;
            batch.clear();
        }
    }
    load.ingest(&batch)?;
    load.finish()?;
    store.optimize()?;
    let secs = t.elapsed().as_secs_f64();
    let after = store.totals()?;
    println!(
        "ingest: {reports} reports in {articles} articles in {secs:.1} s: {:.0} reports/s, \
         {:.0} articles/s; the store holds {} events",
        reports as f64 / secs,
        articles as f64 / secs,
        after.events
    );
    let mut f = |name: &str, filter: Filter| -> Result<()> {
        let mut times = Vec::with_capacity(o.runs);
        let mut found = 0;
        for _ in 0..o.runs {
            let t = Instant::now();
            found = 0;
            store.events(&filter, &mut |_| {
                found += 1;
                Ok(())
            })?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let q = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "query {name:<34} p50 {:>7.2} ms  p99 {:>7.2} ms  ({found} events)",
            q(0.5),
            q(0.99)
        );
        Ok(())
    };
    let page = Some(100);
    let base = || Filter {
        limit: page,
        ..Filter::default()
    };
    f("latest 100", base())?;
    f(
        "type ASSAULT",
        Filter {
            types: vec![EventType::Assault],
            ..base()
        },
    )?;
    f(
        "country of the first town",
        Filter {
            country: Some(towns[0].country.to_string()),
            ..base()
        },
    )?;
    f(
        "one month",
        Filter {
            since: Some("2024-03-01".into()),
            until: Some("2024-03-31".into()),
            ..base()
        },
    )?;
    f(
        "bbox Middle East",
        Filter {
            bbox: Some([34.0, 29.0, 48.0, 38.0]),
            ..base()
        },
    )?;
    f(
        "min fatalities 25",
        Filter {
            min_fatalities: Some(25),
            ..base()
        },
    )?;
    f(
        "type + country + month",
        Filter {
            types: vec![EventType::Protest],
            country: Some(towns[0].country.to_string()),
            since: Some("2024-03-01".into()),
            until: Some("2024-03-31".into()),
            ..base()
        },
    )?;
    f(
        "actor text",
        Filter {
            actor: Some(format!("{} MIL", towns[1].country)),
            ..base()
        },
    )?;
    f(
        "evidence text",
        Filter {
            text: Some(towns[2].name.clone()),
            ..base()
        },
    )?;
    f(
        "stats (all events)",
        Filter {
            limit: Some(1),
            ..Filter::default()
        },
    )?;
    let t = Instant::now();
    let st = store.stats(&Filter::default())?;
    println!(
        "stats: {} events counted by type, country and month in {:.1} ms",
        st.events,
        t.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
