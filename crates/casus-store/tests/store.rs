//! The store's behaviour, run against both backends: SQLite always, and
//! PostgreSQL at `CASUS_TEST_POSTGRES` (a server URL without a database;
//! `tools/pg-test-server start` prints one). Under CI the PostgreSQL
//! tests fail, rather than skip, when no server is given.

use casus_core::{ArticleMeta, Date, EventType, Pipeline};
use casus_store::{ArticleIn, Filter, Store};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().unwrap_or_else(|e| panic!("{e}")))
}

/// The test articles (written for these tests), extracted.
fn articles() -> Vec<ArticleIn> {
    read_fixture(include_str!("fixtures/articles.jsonl"))
}

/// The articles of a fixture (JSON Lines), extracted.
fn read_fixture(text: &str) -> Vec<ArticleIn> {
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}"));
            let s = |k: &str| v[k].as_str().map(String::from);
            article(
                &s("id").unwrap_or_default(),
                s("outlet"),
                s("date"),
                s("title"),
                s("url"),
                &s("text").unwrap_or_default(),
            )
        })
        .collect()
}

fn article(
    id: &str,
    outlet: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: &str,
) -> ArticleIn {
    let meta = ArticleMeta {
        id: id.into(),
        date: date.as_deref().and_then(Date::parse_iso),
        outlet: outlet.clone(),
        title: title.clone(),
        ..Default::default()
    };
    let records = pipeline().extract_text(meta, text).records;
    ArticleIn {
        id: id.into(),
        outlet,
        date,
        title,
        url,
        text: text.into(),
        records,
    }
}

/// Paper B's Kharkiv article with another text: a rally in Kyiv.
fn kharkiv_article_changed() -> ArticleIn {
    article(
        "paper-kharkiv",
        Some("Paper B".into()),
        Some("2024-03-10".into()),
        None,
        None,
        "Thousands of protesters rallied in Kyiv on Saturday to demand more air defence.",
    )
}

fn sqlite_store(name: &str) -> Store {
    let dir = std::env::temp_dir().join(format!("casus-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(format!("{name}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    Store::open(&path.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh database on the test server, or `None` outside CI when no
/// server is given.
fn postgres_store(name: &str) -> Option<Store> {
    let Ok(base) = std::env::var("CASUS_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the PostgreSQL tests: set CASUS_TEST_POSTGRES (tools/pg-test-server start)"
        );
        eprintln!("CASUS_TEST_POSTGRES is not set: PostgreSQL test {name} not run");
        return None;
    };
    let base = base.trim_end_matches('/');
    let db = format!("casus_t_{name}");
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to {base}: {e}"));
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    Some(Store::open(&format!("{base}/{db}")).unwrap_or_else(|e| panic!("{e}")))
}

/// Runs a test body against a fresh store of each backend.
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let f: fn(&mut casus_store::Store, &dyn Fn() -> casus_store::Store) = $body;
                let fresh = || super::sqlite_store(&format!("{}-2", stringify!($name)));
                f(&mut super::sqlite_store(stringify!($name)), &fresh);
            }
            #[test]
            fn postgres() {
                let f: fn(&mut casus_store::Store, &dyn Fn() -> casus_store::Store) = $body;
                let fresh = || {
                    super::postgres_store(&format!("{}_2", stringify!($name)))
                        .unwrap_or_else(|| unreachable!())
                };
                if let Some(mut s) = super::postgres_store(stringify!($name)) {
                    f(&mut s, &fresh);
                }
            }
        }
    };
}

fn event_ids(store: &mut Store, f: &Filter) -> Vec<String> {
    let mut out = Vec::new();
    store
        .events(f, &mut |e| {
            out.push(e.id);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    out
}

both!(migrations_are_versioned_and_idempotent, |s, _| {
    assert_eq!(s.schema_version().ok(), Some(casus_store::schema::latest()));
    assert_eq!(s.migrate().ok(), Some(Vec::new()), "nothing left to apply");
});

both!(reingest_changes_nothing, |s, _| {
    let batch = articles();
    let first = s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((first.new, first.unchanged, first.updated), (5, 0, 0));
    assert_eq!(first.reports, 7);
    let dump = s.dump().unwrap_or_else(|e| panic!("{e}"));
    let again = s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (again.new, again.unchanged, again.updated, again.reports),
        (0, 5, 0, 0)
    );
    assert_eq!(s.dump().unwrap_or_else(|e| panic!("{e}")), dump);
});

both!(reports_of_one_strike_merge_into_one_event, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    let (e, reports) = s
        .event("paper-kharkiv#1")
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the Kharkiv strike");
    assert_eq!(e.num_reports, 2);
    assert_eq!(e.num_articles, 2);
    assert_eq!(e.num_sources, 2, "Wire A and Paper B");
    assert_eq!(e.core.fatalities, Some(5), "the higher toll");
    assert_eq!(e.core.injuries, Some(10));
    let ids: Vec<&str> = reports.iter().map(|r| r.report.id.as_str()).collect();
    assert_eq!(ids, ["paper-kharkiv#1", "wire-kharkiv#1"]);
    assert_eq!(
        reports[1].title.as_deref(),
        Some("Strike on Kharkiv kills four")
    );
    assert_eq!(reports[1].url.as_deref(), Some("https://example.org/a/1"));
    assert!(reports[1].record["evidence"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Kharkiv")));
    // The Lviv strike, a day later and 900 km away, stays apart.
    let (lviv, _) = s
        .event("paper-lviv#1")
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the Lviv strike");
    assert_eq!(lviv.num_reports, 1);
    let stats = s
        .stats(&Filter::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((stats.events, stats.reports, stats.articles), (6, 7, 5));
});

both!(changed_article_replaces_its_reports, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    let changed = kharkiv_article_changed();
    let sum = s.ingest(&[changed]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((sum.new, sum.updated, sum.unchanged), (0, 1, 0));
    // The Kharkiv event has one report left, under its own id.
    assert!(s
        .event("paper-kharkiv#1")
        .unwrap_or_else(|e| panic!("{e}"))
        .is_some_and(|(e, r)| e.core.event_type == "PROTEST" && r.len() == 1));
    let (e, r) = s
        .event("wire-kharkiv#1")
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the strike, from one report now");
    assert_eq!((e.num_reports, r.len()), (1, 1));
    assert_eq!(e.core.fatalities, Some(4));
});

both!(merging_does_not_depend_on_ingest_order, |s, fresh| {
    let batch = articles();
    s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    let mut other = fresh();
    let mut rev = batch.clone();
    rev.reverse();
    for a in &rev {
        other
            .ingest(std::slice::from_ref(a))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(
        s.dump().unwrap_or_else(|e| panic!("{e}")),
        other.dump().unwrap_or_else(|e| panic!("{e}"))
    );
});

both!(filters_select_events, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    let all = event_ids(s, &Filter::default());
    assert_eq!(all.len(), 6);
    let f = |g: fn(&mut Filter)| {
        let mut f = Filter::default();
        g(&mut f);
        f
    };
    let mut ukraine = event_ids(s, &f(|f| f.country = Some("ukr".into())));
    ukraine.sort();
    assert_eq!(
        ukraine,
        ["paper-kharkiv#1", "paper-lviv#1", "wire-kharkiv#2"]
    );
    assert_eq!(
        event_ids(s, &f(|f| f.types = vec![EventType::Protest])),
        ["paper-nairobi#1"]
    );
    assert_eq!(
        event_ids(s, &f(|f| f.min_fatalities = Some(10))),
        ["wire-rafah#1"]
    );
    // Western Ukraine only.
    assert_eq!(
        event_ids(s, &f(|f| f.bbox = Some([22.0, 48.0, 26.0, 51.0]))),
        ["paper-lviv#1"]
    );
    // Both events of the Nairobi sentence; any case.
    assert_eq!(
        event_ids(s, &f(|f| f.text = Some("TEAR GAS".into()))),
        ["paper-nairobi#2", "paper-nairobi#1"]
    );
    let mut russian = event_ids(s, &f(|f| f.actor = Some("russia".into())));
    russian.sort();
    assert_eq!(
        russian,
        ["paper-kharkiv#1", "paper-lviv#1", "wire-kharkiv#2"]
    );
    assert_eq!(
        event_ids(
            s,
            &f(|f| {
                f.since = Some("2024-03-10".into());
                f.until = Some("2024-03-10".into());
            })
        ),
        ["paper-lviv#1"]
    );
    // Latest first; a limit keeps the first.
    assert_eq!(all[0], "paper-nairobi#2");
    assert_eq!(event_ids(s, &f(|f| f.limit = Some(2))), all[..2]);
    // LIKE's wildcards are literal.
    assert!(event_ids(s, &f(|f| f.text = Some("%".into()))).is_empty());
});

both!(stats_count_by_type_country_and_month, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    let st = s
        .stats(&Filter::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(st.by_type[0], ("ASSAULT".to_string(), 4));
    assert!(st.by_type.contains(&("PROTEST".to_string(), 1)));
    assert_eq!(st.by_country[0], ("UKR".to_string(), 3));
    assert_eq!(st.by_month, [("2024-03".to_string(), 6)]);
});

both!(pages_follow_one_another_without_gaps_or_repeats, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    for country in [None, Some("UKR".to_string())] {
        let all = event_ids(
            s,
            &Filter {
                country: country.clone(),
                ..Filter::default()
            },
        );
        let mut paged = Vec::new();
        let mut f = Filter {
            country: country.clone(),
            limit: Some(2),
            ..Filter::default()
        };
        loop {
            let mut page = Vec::new();
            s.events(&f, &mut |e| {
                page.push(e);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let Some(last) = page.last() else { break };
            f.after = Some(casus_store::Cursor::after(last));
            paged.extend(page.iter().map(|e| e.id.clone()));
        }
        assert_eq!(paged, all, "country {country:?}");
    }
});

both!(one_id_twice_in_a_batch_keeps_the_later_text, |s, fresh| {
    let first = article(
        "twice",
        None,
        Some("2024-03-10".into()),
        None,
        None,
        "Russian forces struck the city of Kharkiv on Saturday, killing four civilians.",
    );
    let second = article(
        "twice",
        None,
        Some("2024-03-10".into()),
        None,
        None,
        "Thousands of protesters rallied in Kyiv on Saturday to demand more air defence.",
    );
    let sum = s
        .ingest(&[first, second.clone()])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((sum.new, sum.updated), (1, 1));
    let mut other = fresh();
    other.ingest(&[second]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.dump().unwrap_or_else(|e| panic!("{e}")),
        other.dump().unwrap_or_else(|e| panic!("{e}")),
        "the store holds what the later text says, and only that"
    );
});

both!(bulk_load_gives_what_batches_give, |s, fresh| {
    // Batch by batch: every article, then a changed text of one.
    let batch = articles();
    let changed = kharkiv_article_changed();
    s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    s.ingest(std::slice::from_ref(&changed))
        .unwrap_or_else(|e| panic!("{e}"));
    // Bulk, on a store that already holds two articles: the rest in two
    // batches, the changed text, and one article again, unchanged.
    let mut other = fresh();
    other.ingest(&batch[..2]).unwrap_or_else(|e| panic!("{e}"));
    let mut load = other.bulk_load().unwrap_or_else(|e| panic!("{e}"));
    let mut sum = load.ingest(&batch[2..4]).unwrap_or_else(|e| panic!("{e}"));
    for part in [&batch[4..], std::slice::from_ref(&changed), &batch[..1]] {
        sum.add(&load.ingest(part).unwrap_or_else(|e| panic!("{e}")));
    }
    load.finish().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((sum.new, sum.updated, sum.unchanged), (3, 1, 1), "{sum:?}");
    assert_eq!(
        s.dump().unwrap_or_else(|e| panic!("{e}")),
        other.dump().unwrap_or_else(|e| panic!("{e}"))
    );
    // The indexes and the full-text index are back, and up to date.
    let kyiv = Filter {
        text: Some("air defence".into()),
        ..Filter::default()
    };
    assert_eq!(event_ids(&mut other, &kyiv), ["paper-kharkiv#1"]);
    assert_eq!(event_ids(&mut other, &kyiv), event_ids(s, &kyiv));
    // Batch by batch after a bulk load: the text changed back, in both.
    let again = other.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.unchanged, again.updated), (4, 1), "{again:?}");
    s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.dump().unwrap_or_else(|e| panic!("{e}")),
        other.dump().unwrap_or_else(|e| panic!("{e}")),
        "the Kharkiv reports merge again"
    );
    assert!(other
        .event("paper-kharkiv#1")
        .unwrap_or_else(|e| panic!("{e}"))
        .is_some_and(|(e, _)| e.num_reports == 2));
});

both!(unfinished_bulk_load_leaves_the_store_as_it_was, |s, _| {
    let batch = articles();
    s.ingest(&batch[..3]).unwrap_or_else(|e| panic!("{e}"));
    let before = s.dump().unwrap_or_else(|e| panic!("{e}"));
    {
        let mut load = s.bulk_load().unwrap_or_else(|e| panic!("{e}"));
        load.ingest(&batch[3..]).unwrap_or_else(|e| panic!("{e}"));
        // Dropped without finishing: rolled back.
    }
    assert_eq!(s.dump().unwrap_or_else(|e| panic!("{e}")), before);
    // Indexes and triggers are as they were: a batch goes in and is
    // found by its words.
    s.ingest(&batch[3..]).unwrap_or_else(|e| panic!("{e}"));
    let f = Filter {
        text: Some("Kharkiv".into()),
        ..Filter::default()
    };
    assert!(!event_ids(s, &f).is_empty());
});

both!(aggregates_count_what_the_listing_holds, |s, _| {
    s.ingest(&articles()).unwrap_or_else(|e| panic!("{e}"));
    let all = Filter::default();
    let mut events = Vec::new();
    s.events(&all, &mut |e| {
        events.push(e);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // Counts by country agree with the listing (the country filter
    // reads another table).
    let ukraine = Filter {
        country: Some("UKR".into()),
        ..Filter::default()
    };
    let listed = event_ids(s, &ukraine).len() as i64;
    let counted = s.stats(&ukraine).unwrap_or_else(|e| panic!("{e}"));
    assert!(listed > 0);
    assert_eq!(counted.events, listed);
    assert_eq!(counted.by_type.iter().map(|t| t.1).sum::<i64>(), listed);
    // The timeline: every dated event once, days in order.
    let days = s.timeline(&all).unwrap_or_else(|e| panic!("{e}"));
    let dated = events.iter().filter(|e| e.core.date.is_some()).count() as i64;
    assert_eq!(days.iter().map(|d| d.events).sum::<i64>(), dated);
    assert!(days.windows(2).all(|w| w[0].day <= w[1].day), "{days:?}");
    let assaults = Filter {
        types: vec![EventType::Assault],
        ..Filter::default()
    };
    let only = s.timeline(&assaults).unwrap_or_else(|e| panic!("{e}"));
    assert!(!only.is_empty() && only.iter().all(|d| d.event_type == "ASSAULT"));
    // The grid: every placed event once, its fatalities summed; a lone
    // event names itself.
    let placed: Vec<_> = events
        .iter()
        .filter(|e| e.core.location.lat.is_some())
        .collect();
    let grid = s.grid(&all, 0.5, 1000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(grid.cell, 0.5);
    assert_eq!(
        grid.cells.iter().map(|c| c.events).sum::<i64>(),
        placed.len() as i64
    );
    assert_eq!(
        grid.cells.iter().map(|c| c.fatalities).sum::<i64>(),
        placed.iter().filter_map(|e| e.core.fatalities).sum::<i64>()
    );
    let kharkiv = grid
        .cells
        .iter()
        .find(|c| c.id.as_deref() == Some("paper-kharkiv#1"))
        .expect("the Kharkiv strike alone in its cell");
    assert!((kharkiv.lat - 50.0).abs() < 0.5 && (kharkiv.lon - 36.2).abs() < 0.5);
    // Asked for at most two cells, the grid grows coarser.
    let coarse = s.grid(&all, 0.5, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(coarse.cells.len() <= 2 && coarse.cell > 0.5, "{coarse:?}");
    assert_eq!(
        coarse.cells.iter().map(|c| c.events).sum::<i64>(),
        placed.len() as i64
    );
    assert!(s.grid(&all, 0.0, 10).is_err(), "a cell of no size");
    // Actors: names that begin with the words first.
    let names = s.actors("russia", 10).unwrap_or_else(|e| panic!("{e}"));
    assert!(!names.is_empty(), "Russian forces");
    assert!(
        names[0].name.to_lowercase().starts_with("russia"),
        "{names:?}"
    );
    assert!(names
        .iter()
        .all(|n| n.name.to_lowercase().contains("russia")));
    assert_eq!(s.actors("%", 10).ok(), Some(Vec::new()), "% is literal");
    // An article's reports and the events they joined.
    let wire = s
        .article_events("wire-kharkiv")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(wire.contains(&("wire-kharkiv#1".into(), "paper-kharkiv#1".into())));
});

/// Two articles of our own: a drone attack, and the strikes that answer
/// it three days later, told by another outlet that also names the
/// attack.
fn chain_articles() -> Vec<ArticleIn> {
    read_fixture(include_str!("fixtures/chain.jsonl"))
}

both!(chains_cross_articles_whatever_the_order, |s, fresh| {
    let batch = chain_articles();
    s.ingest(&batch).unwrap_or_else(|e| panic!("{e}"));
    let chain = s
        .chain("drone-report#1", 10)
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the drone attack");
    // The attack told by both wires is one event ...
    assert_eq!(chain.event.num_articles, 2, "{chain:#?}");
    assert!(chain.answers.is_empty(), "{chain:#?}");
    // ... answered by the strikes (from the second article), which the
    // threat answers in turn.
    let [strikes] = &chain.answered_by[..] else {
        panic!("{chain:#?}");
    };
    assert_eq!(strikes.event.core.event_type, "ASSAULT");
    assert_eq!(strikes.event.core.date.as_deref(), Some("2024-05-08"));
    assert!(
        strikes
            .next
            .iter()
            .any(|t| t.event.core.event_type == "THREATEN"),
        "{chain:#?}"
    );
    // Backwards from the threat: the strikes, then the attack.
    let threat = &strikes.next[0].event.id;
    let back = s
        .chain(threat, 10)
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the threat");
    assert_eq!(back.answers[0].event.id, strikes.event.id);
    assert_eq!(back.answers[0].next[0].event.id, "drone-report#1");
    // One step only.
    let short = s
        .chain(threat, 1)
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the threat");
    assert!(short.answers[0].next.is_empty());
    // The other order, one article a batch: the same chain.
    let mut t = fresh();
    for a in batch.iter().rev() {
        t.ingest(std::slice::from_ref(a))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let again = t
        .chain("drone-report#1", 10)
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("the drone attack");
    assert_eq!(again, chain);
    assert!(s
        .chain("no-such-event", 3)
        .unwrap_or_else(|e| panic!("{e}"))
        .is_none());
    let checked = t.check().unwrap_or_else(|e| panic!("{e}"));
    assert!(checked.ok(), "{:?}", checked.problems);
});

/// Talks, then shelling nineteen days later: a flare after calm.
fn flare_articles() -> Vec<ArticleIn> {
    read_fixture(include_str!("fixtures/flare.jsonl"))
}

both!(dyads_count_by_day_and_alerts_mark_the_flare, |s, _| {
    s.ingest(&chain_articles())
        .unwrap_or_else(|e| panic!("{e}"));
    s.ingest(&flare_articles())
        .unwrap_or_else(|e| panic!("{e}"));
    use casus_store::dyad::{Rule, Side};
    let (usa, syr) = (Side::parse("usa"), Side::parse("SYR"));
    let series = s
        .dyad(&usa, &syr, None, None, &Rule::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let [day] = &series.days[..] else {
        panic!("{series:#?}");
    };
    assert_eq!(day.date, "2024-05-08");
    assert_eq!(day.by_type.get("ASSAULT"), Some(&1));
    assert!(day.conflict >= 9.0, "{day:?}");
    // Either way round, and by an actor's name.
    let back = s
        .dyad(
            &syr,
            &Side::parse("United States"),
            None,
            None,
            &Rule::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.days, series.days);
    // A range: every day of it, the empty ones zeros.
    let range = s
        .dyad(
            &usa,
            &syr,
            Some("2024-05-01"),
            Some("2024-05-10"),
            &Rule::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(range.days.len(), 10);
    assert_eq!(range.days.iter().map(|d| d.events).sum::<i64>(), 1);
    // The shelling after the talks is the one alert.
    let alerts = s
        .alerts(None, None, &Rule::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let [alert] = &alerts[..] else {
        panic!("{alerts:#?}");
    };
    assert_eq!(alert.date, "2024-03-22");
    assert_eq!(
        (&alert.a, &alert.b),
        (&Side::Country("RUS".into()), &Side::Country("UKR".into()))
    );
    assert_eq!(alert.fatalities, 5);
    let later = s
        .alerts(Some("2024-04-01"), None, &Rule::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(later.is_empty(), "{later:#?}");
    // The dyad's own series marks its events and the same alert, also
    // when it starts after the calm that makes the alert's baseline.
    let (rus, ukr) = (Side::parse("RUS"), Side::parse("UKR"));
    let whole = s
        .dyad(&ukr, &rus, None, None, &Rule::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(whole.marks_total, 2);
    let dates: Vec<&str> = whole.marks.iter().map(|m| m.date.as_str()).collect();
    assert_eq!(dates, ["2024-03-04", "2024-03-22"]);
    for m in &whole.marks {
        let day = whole.days.iter().find(|d| d.date == m.date);
        assert!(
            day.is_some_and(|d| d.by_type.contains_key(&m.event_type)),
            "{m:?}"
        );
        assert!(
            s.event(&m.id).unwrap_or_else(|e| panic!("{e}")).is_some(),
            "{m:?}"
        );
    }
    let flares: Vec<&str> = whole.alerts.iter().map(|a| a.date.as_str()).collect();
    assert_eq!(flares, ["2024-03-22"]);
    let late = s
        .dyad(&rus, &ukr, Some("2024-03-20"), None, &Rule::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        late.days.first().map(|d| d.date.as_str()),
        Some("2024-03-20")
    );
    assert_eq!(late.marks.len(), 1);
    assert_eq!(late.alerts.len(), 1, "{late:#?}");
    assert_eq!(late.alerts[0].baseline, alert.baseline);
});
