//! Checking a store: the database's own checks, and that the events are
//! exactly what the stored reports make.
//!
//! After a crash, a full disk or two writers at once, the question is
//! not only "is the file readable" but "does every report belong to its
//! article and to the event the merge rule gives it, and does every event
//! say what its reports say". The second part regroups every report with
//! the rule ingest applies ([`merge::group`], [`merge::event_of`]) and
//! compares the result with the stored events, their report counts and
//! their country rows, so a half-written batch or a lost update shows as
//! a named difference.

use crate::conn::{collect, Conn, Dialect};
use crate::error::Result;
use crate::ingest::countries;
use crate::merge;
use crate::model::{Event, Report};
use crate::rows::{event_columns, read_event};
use crate::rows::{read_report, report_columns};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The most problems of one kind a check lists before counting the rest.
const LISTED: usize = 10;

/// What [`check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// The checks run, by name.
    pub checks: Vec<&'static str>,
    /// What is wrong, one line each; empty for a sound store.
    pub problems: Vec<String>,
    /// Articles read.
    pub articles: usize,
    /// Reports read.
    pub reports: usize,
    /// Events read.
    pub events: usize,
}

impl Checked {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Adds `found` under `check`, listing the first [`LISTED`] and
    /// counting the rest.
    fn add(&mut self, check: &'static str, found: Vec<String>) {
        self.checks.push(check);
        let n = found.len();
        for p in found.into_iter().take(LISTED) {
            self.problems.push(format!("{check}: {p}"));
        }
        if n > LISTED {
            self.problems
                .push(format!("{check}: and {} more like these", n - LISTED));
        }
    }
}

/// Checks the store on `c` (see the module's documentation). Reads every
/// report into memory, as a bulk load does.
pub fn check(c: &mut dyn Conn) -> Result<Checked> {
    let mut out = Checked::default();
    if c.dialect() == Dialect::Sqlite {
        sqlite_checks(c, &mut out)?;
    }
    let version = crate::schema::version(c)?;
    out.add(
        "schema version",
        if version == crate::schema::latest() {
            Vec::new()
        } else {
            vec![format!(
                "the store is at version {version}, this casus writes {}",
                crate::schema::latest()
            )]
        },
    );

    let articles: BTreeSet<String> = collect(c, "SELECT id FROM articles", &[], |r| r.req_text(0))?
        .into_iter()
        .collect();
    out.articles = articles.len();
    let reports: Vec<Report> = collect(
        c,
        &format!("SELECT {} FROM reports ORDER BY id", report_columns("")),
        &[],
        read_report,
    )?;
    out.reports = reports.len();
    let stored: BTreeMap<String, Event> = collect(
        c,
        &format!("SELECT {} FROM events e", event_columns()),
        &[],
        read_event,
    )?
    .into_iter()
    .map(|e| (e.id.clone(), e))
    .collect();
    out.events = stored.len();

    out.add(
        "reports of stored articles",
        reports
            .iter()
            .filter(|r| !articles.contains(&r.article_id))
            .map(|r| format!("report {} names article {}, not stored", r.id, r.article_id))
            .collect(),
    );

    // The events the reports make, as ingest would make them.
    let mut want: BTreeMap<String, Event> = BTreeMap::new();
    let mut event_of_report: HashMap<&str, String> = HashMap::new();
    for g in merge::group(&reports) {
        let members: Vec<&Report> = g.iter().map(|&i| &reports[i]).collect();
        if let Some(e) = merge::event_of(&members) {
            for m in &members {
                event_of_report.insert(m.id.as_str(), e.id.clone());
            }
            want.insert(e.id.clone(), e);
        }
    }
    out.add(
        "each report in its event",
        reports
            .iter()
            .filter_map(|r| {
                let w = event_of_report.get(r.id.as_str())?;
                (*w != r.event_id).then(|| {
                    format!(
                        "report {} is filed under event {}; its reports make it event {w}",
                        r.id, r.event_id
                    )
                })
            })
            .collect(),
    );
    let mut differ = Vec::new();
    for (id, e) in &want {
        match stored.get(id) {
            None => differ.push(format!("event {id} is missing")),
            Some(s) if s != e => differ.push(format!("event {id} {}", difference(s, e))),
            Some(_) => {}
        }
    }
    for id in stored.keys().filter(|id| !want.contains_key(*id)) {
        differ.push(format!("event {id} has no report"));
    }
    out.add("events as their reports make them", differ);

    let rows: BTreeSet<(String, String, String)> = collect(
        c,
        "SELECT event_id, country, date FROM event_countries",
        &[],
        |r| Ok((r.req_text(0)?, r.req_text(1)?, r.req_text(2)?)),
    )?
    .into_iter()
    .collect();
    let mut expected: BTreeSet<(String, String, String)> = BTreeSet::new();
    for e in stored.values() {
        let date = e.core.date.clone().unwrap_or_default();
        for k in countries(e) {
            expected.insert((e.id.clone(), k.clone(), date.clone()));
        }
    }
    let mut wrong: Vec<String> = expected
        .difference(&rows)
        .map(|(e, k, d)| format!("event {e} lacks its row ({k}, {d:?})"))
        .collect();
    wrong.extend(
        rows.difference(&expected)
            .map(|(e, k, d)| format!("row ({k}, {d:?}) names event {e}, which does not have it")),
    );
    out.add("country rows", wrong);

    // Links as the stored records give them.
    let stored_links: BTreeSet<(String, String)> =
        collect(c, "SELECT report_id, answers FROM report_links", &[], |r| {
            Ok((r.req_text(0)?, r.req_text(1)?))
        })?
        .into_iter()
        .collect();
    let mut said: BTreeSet<(String, String)> = BTreeSet::new();
    c.query("SELECT id, record FROM reports", &[], &mut |r| {
        let id = r.req_text(0)?;
        let record: serde_json::Value = serde_json::from_str(&r.req_text(1)?).unwrap_or_default();
        for to in record["responds_to"].as_array().into_iter().flatten() {
            if let Some(to) = to.as_str() {
                said.insert((id.clone(), to.to_string()));
            }
        }
        Ok(())
    })?;
    let mut wrong: Vec<String> = said
        .difference(&stored_links)
        .map(|(a, b)| format!("report {a} answers {b}, but no link says so"))
        .collect();
    wrong.extend(
        stored_links
            .difference(&said)
            .map(|(a, b)| format!("a link says report {a} answers {b}; its record does not")),
    );
    out.add("links", wrong);
    Ok(out)
}

/// SQLite's checks of its file: pages and indexes, foreign keys, and the
/// full-text index against the reports.
fn sqlite_checks(c: &mut dyn Conn, out: &mut Checked) -> Result<()> {
    let pages: Vec<String> = collect(c, "PRAGMA integrity_check", &[], |r| r.req_text(0))?;
    out.add(
        "SQLite integrity",
        pages.into_iter().filter(|l| l != "ok").collect(),
    );
    let keys: Vec<String> = collect(c, "PRAGMA foreign_key_check", &[], |r| {
        Ok(format!(
            "a row of {} names a missing {}",
            r.req_text(0)?,
            r.req_text(2)?
        ))
    })?;
    out.add("SQLite foreign keys", keys);
    let fts = c.batch("INSERT INTO reports_fts (reports_fts, rank) VALUES ('integrity-check', 1)");
    out.add(
        "full-text index",
        match fts {
            Ok(()) => Vec::new(),
            Err(e) => vec![format!("does not match the reports: {e}")],
        },
    );
    Ok(())
}

/// The first field where `stored` differs from `want`.
fn difference(stored: &Event, want: &Event) -> String {
    let counts = [
        ("reports", stored.num_reports, want.num_reports),
        ("articles", stored.num_articles, want.num_articles),
        ("sources", stored.num_sources, want.num_sources),
    ];
    for (what, s, w) in counts {
        if s != w {
            return format!("counts {s} {what}; its reports make {w}");
        }
    }
    let (s, w) = (
        serde_json::to_value(&stored.core).unwrap_or_default(),
        serde_json::to_value(&want.core).unwrap_or_default(),
    );
    if let (Some(s), Some(w)) = (s.as_object(), w.as_object()) {
        for (k, wv) in w {
            let sv = s.get(k).unwrap_or(&serde_json::Value::Null);
            if sv != wv {
                return format!("has {k} {sv}; its reports make {wv}");
            }
        }
    }
    "differs from what its reports make".into()
}

#[cfg(test)]
mod tests {
    use crate::Store;

    fn store_with_events() -> Store {
        let mut s = Store::open(":memory:").unwrap_or_else(|e| panic!("{e}"));
        let p = casus_core::Pipeline::builtin().unwrap_or_else(|e| panic!("{e}"));
        let text = "KABUL, Afghanistan (2024-03-02) - A suicide bomber killed 12 people \
                    at a market in Kabul on Friday, police said. The Taliban condemned \
                    the attack.";
        let meta = casus_core::ArticleMeta {
            id: "a1".into(),
            ..Default::default()
        };
        let mut a = crate::ArticleIn::new(&meta, None, text.into());
        a.records = p.extract_text(meta, text).records;
        assert!(!a.records.is_empty());
        s.ingest(&[a]).unwrap_or_else(|e| panic!("{e}"));
        s
    }

    #[test]
    fn a_store_as_ingest_left_it_is_sound() {
        let mut s = store_with_events();
        let c = s.check().unwrap_or_else(|e| panic!("{e}"));
        assert!(c.ok(), "{:?}", c.problems);
        assert!(c.reports > 0 && c.events > 0 && c.articles == 1, "{c:?}");
        assert!(c.checks.len() >= 8, "{:?}", c.checks);
    }

    #[test]
    fn every_kind_of_damage_is_named() {
        let damage = [
            (
                "UPDATE events SET fatalities = 99",
                "events as their reports make them",
            ),
            ("UPDATE events SET num_reports = 7", "counts 7 reports"),
            ("DELETE FROM events", "is missing"),
            ("UPDATE reports SET event_id = 'nowhere'", "is filed under"),
            ("DELETE FROM event_countries", "lacks its row"),
            (
                "INSERT INTO events SELECT 'zz', event_type, mode, cameo, goldstein, date, \
                 source_name, source_country, source_sector, target_name, target_country, \
                 target_sector, location_name, location_country, admin1, lat, lon, precision, \
                 fatalities, injuries, source_code, target_code, acled_event_type, \
                 acled_sub_event_type, 1, 1, 1 FROM events LIMIT 1",
                "event zz has no report",
            ),
            (
                "PRAGMA foreign_keys = OFF; DELETE FROM articles",
                "not stored",
            ),
            (
                "INSERT INTO reports_fts (reports_fts, rowid, evidence) \
                 SELECT 'delete', rowid, evidence FROM reports",
                "full-text index",
            ),
            (
                "INSERT INTO report_links SELECT id, 'nowhere#1' FROM reports LIMIT 1",
                "its record does not",
            ),
        ];
        for (sql, want) in damage {
            let mut s = store_with_events();
            s.conn.batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            let c = s.check().unwrap_or_else(|e| panic!("{e}"));
            assert!(
                c.problems.iter().any(|p| p.contains(want)),
                "{sql}: {:?}",
                c.problems
            );
        }
    }
}
