//! Storing a batch of articles in one transaction: new articles added,
//! unchanged ones left alone, changed ones' reports replaced, and the
//! events their reports belong to merged anew.
//!
//! Only the events a batch can change are regrouped: those of the reports
//! it removes, and those holding a stored report that tells of the same
//! event as one of its new reports (found through an index on type,
//! country and date that holds every column the test reads). Since a
//! group is closed under the merge relation, regrouping that
//! neighbourhood gives the same events as regrouping the whole store,
//! which is what makes the result independent of ingest order. A new
//! report that joins nothing is an event of its own, written at once, and
//! a regrouped event that comes out as it was is not rewritten.

use crate::conn::{collect, transaction, Conn};
use crate::error::Result;
use crate::merge;
use crate::model::{ArticleIn, Core, Event, IngestSummary, Report};
use crate::rows::{event_columns, read_event, read_merge_fields, read_report, report_columns};
use crate::schema::{CORE_COLUMNS, CORE_WIDTH, MERGE_COLUMNS};
use crate::value::Value;
use casus_core::Date;
use std::collections::{BTreeSet, HashMap};

/// `$from, $from+1, …` for `n` parameters.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stored content hashes of the articles among `ids`.
pub fn stored_hashes(c: &mut dyn Conn, ids: &[&str]) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id, content_hash FROM articles WHERE id IN ({})",
            placeholders(1, chunk.len())
        );
        let params: Vec<Value> = chunk.iter().map(|&s| s.into()).collect();
        c.query(&sql, &params, &mut |r| {
            out.insert(r.req_text(0)?, r.req_text(1)?);
            Ok(())
        })?;
    }
    Ok(out)
}

/// Stores `batch` in one transaction.
pub fn ingest(conn: &mut dyn Conn, batch: &[ArticleIn]) -> Result<IngestSummary> {
    transaction(conn, |c| ingest_in(c, batch))
}

/// Writes the new and changed articles of `batch` and their reports
/// (counted in `sum`); returns the reports written. A changed article's
/// stored reports are deleted first, and `replaced` is given the
/// article's id and those reports' events.
pub(crate) fn write_articles(
    c: &mut dyn Conn,
    batch: &[ArticleIn],
    sum: &mut IngestSummary,
    replaced: &mut dyn FnMut(&str, Vec<String>),
) -> Result<Vec<Report>> {
    let mut fresh: Vec<Report> = Vec::new();
    let mut report_rows = Rows::new(
        format!("INSERT INTO reports (id, article_id, event_id, outlet, {CORE_COLUMNS}, evidence, record)"),
        4 + CORE_WIDTH + 2,
    );
    // The stored hashes, read at once; kept up to date as the batch goes
    // in, since one id may come twice.
    let ids: Vec<&str> = batch.iter().map(|a| a.id.as_str()).collect();
    let mut stored = stored_hashes(c, &ids)?;
    // Links go in after the reports they start from.
    let mut links: Vec<(String, String)> = Vec::new();
    for a in batch {
        let hash = a.content_hash();
        let before = stored.insert(a.id.clone(), hash.clone());
        match before.as_ref() {
            Some(h) if *h == hash => {
                sum.unchanged += 1;
                continue;
            }
            Some(_) => {
                sum.updated += 1;
                // The same id earlier in this batch: its rows go in
                // before they are replaced, and its reports are no
                // longer new.
                report_rows.flush(c)?;
                write_links(c, &mut links)?;
                fresh.retain(|r| r.article_id != a.id);
                replaced(
                    &a.id,
                    collect(
                        c,
                        "SELECT DISTINCT event_id FROM reports WHERE article_id = $1",
                        &[a.id.as_str().into()],
                        |r| r.req_text(0),
                    )?,
                );
                c.execute(
                    "DELETE FROM reports WHERE article_id = $1",
                    &[a.id.as_str().into()],
                )?;
            }
            None => sum.new += 1,
        }
        c.execute(
            "INSERT INTO articles (id, outlet, date, title, url, content_hash, text) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (id) DO UPDATE SET outlet = excluded.outlet, date = excluded.date, \
             title = excluded.title, url = excluded.url, \
             content_hash = excluded.content_hash, text = excluded.text",
            &[
                a.id.as_str().into(),
                a.outlet.clone().into(),
                a.date.clone().into(),
                a.title.clone().into(),
                a.url.clone().into(),
                hash.into(),
                a.text.as_str().into(),
            ],
        )?;
        for r in &a.records {
            let report = Report {
                id: r.id.clone(),
                article_id: a.id.clone(),
                event_id: r.id.clone(),
                outlet: a
                    .outlet
                    .clone()
                    .or_else(|| r.attribution.as_ref().and_then(|x| x.outlet.clone())),
                core: Core::of(r),
            };
            let mut values: Vec<Value> = vec![
                report.id.as_str().into(),
                report.article_id.as_str().into(),
                report.event_id.as_str().into(),
                report.outlet.clone().into(),
            ];
            values.extend(report.core.values());
            values.push(r.evidence.text.as_str().into());
            values.push(r.to_json().into());
            report_rows.push(c, values)?;
            for to in &r.responds_to {
                links.push((r.id.clone(), to.clone()));
            }
            sum.reports += 1;
            fresh.push(report);
        }
    }
    report_rows.flush(c)?;
    write_links(c, &mut links)?;
    Ok(fresh)
}

/// Writes `links` (report, the report it answers) and empties it; their
/// reports must be written already.
fn write_links(c: &mut dyn Conn, links: &mut Vec<(String, String)>) -> Result<()> {
    links.sort_unstable();
    links.dedup();
    let mut rows = Rows::new(
        "INSERT INTO report_links (report_id, answers)".to_string(),
        2,
    );
    for (from, to) in links.drain(..) {
        rows.push(c, vec![from.into(), to.into()])?;
    }
    rows.flush(c)
}

fn ingest_in(c: &mut dyn Conn, batch: &[ArticleIn]) -> Result<IngestSummary> {
    let mut sum = IngestSummary::default();
    // Events to regroup: first those of replaced reports.
    let mut touched: BTreeSet<String> = BTreeSet::new();
    let fresh = write_articles(c, batch, &mut sum, &mut |_, old| touched.extend(old))?;
    // The stored reports that could join a new one: their events too.
    let mut alone: Vec<&Report> = Vec::new();
    let mut found: Vec<Vec<String>> = Vec::with_capacity(fresh.len());
    for r in &fresh {
        found.push(candidates(c, r)?);
    }
    for (r, cands) in fresh.iter().zip(&found) {
        if cands.is_empty() {
            alone.push(r);
        } else {
            touched.insert(r.id.clone());
            touched.extend(cands.iter().cloned());
        }
    }
    // Most new reports can join nothing (the relation is symmetric, so
    // no other report can join them either): each is an event of its
    // own, written without regrouping.
    let mut event_rows = Rows::new(
        format!("INSERT INTO events (id, {CORE_COLUMNS}, num_reports, num_articles, num_sources)"),
        1 + CORE_WIDTH + 3,
    );
    let mut country_rows = Rows::new(
        "INSERT INTO event_countries (country, date, event_id)".to_string(),
        3,
    );
    for r in alone {
        if touched.contains(&r.id) {
            continue;
        }
        if let Some(e) = merge::event_of(&[r]) {
            event_rows.push(c, event_values(&e))?;
            let date = e.core.date.clone().unwrap_or_default();
            for k in countries(&e) {
                country_rows.push(
                    c,
                    vec![
                        k.as_str().into(),
                        date.as_str().into(),
                        e.id.as_str().into(),
                    ],
                )?;
            }
        }
    }
    event_rows.flush(c)?;
    country_rows.flush(c)?;
    regroup(c, &touched)?;
    Ok(sum)
}

/// Rows for one table, inserted many to a statement: a statement per
/// row costs a round trip to PostgreSQL and a parse and step in SQLite.
pub(crate) struct Rows {
    head: String,
    width: usize,
    values: Vec<Value>,
    /// The statement for a full set of rows, made once.
    full: Option<String>,
}

impl Rows {
    /// Rows per statement: well under both databases' parameter limits.
    const PER_STATEMENT: usize = 200;

    pub(crate) fn new(head: String, width: usize) -> Rows {
        Rows {
            head,
            width,
            values: Vec::new(),
            full: None,
        }
    }

    pub(crate) fn push(&mut self, c: &mut dyn Conn, row: Vec<Value>) -> Result<()> {
        debug_assert_eq!(row.len(), self.width);
        self.values.extend(row);
        if self.values.len() >= Self::PER_STATEMENT * self.width {
            self.flush(c)?;
        }
        Ok(())
    }

    pub(crate) fn flush(&mut self, c: &mut dyn Conn) -> Result<()> {
        let n = self.values.len() / self.width;
        if n == 0 {
            return Ok(());
        }
        if n == Self::PER_STATEMENT {
            let (head, width) = (&self.head, self.width);
            let sql = self.full.get_or_insert_with(|| Self::sql(head, width, n));
            c.execute(sql, &self.values)?;
        } else {
            c.execute(&Self::sql(&self.head, self.width, n), &self.values)?;
        }
        self.values.clear();
        Ok(())
    }

    fn sql(head: &str, width: usize, n: usize) -> String {
        let tuples: Vec<String> = (0..n)
            .map(|i| format!("({})", placeholders(1 + i * width, width)))
            .collect();
        format!("{head} VALUES {}", tuples.join(", "))
    }
}

pub(crate) fn event_values(e: &Event) -> Vec<Value> {
    let mut values: Vec<Value> = vec![e.id.as_str().into()];
    values.extend(e.core.values());
    values.extend([
        e.num_reports.into(),
        e.num_articles.into(),
        e.num_sources.into(),
    ]);
    values
}

fn insert_event_sql() -> String {
    format!(
        "INSERT INTO events (id, {CORE_COLUMNS}, num_reports, num_articles, num_sources) \
         VALUES ({})",
        placeholders(1, 1 + CORE_WIDTH + 3)
    )
}

fn write_event(c: &mut dyn Conn, sql: &str, e: &Event) -> Result<()> {
    c.execute(sql, &event_values(e))?;
    // One row per country the event involves, for the country filter.
    each_country(
        c,
        e,
        "INSERT INTO event_countries (country, date, event_id) VALUES ($1, $2, $3)",
    )
}

/// Runs `sql` with (country, date, event id) for each country of `e`.
fn each_country(c: &mut dyn Conn, e: &Event, sql: &str) -> Result<()> {
    let date = e.core.date.clone().unwrap_or_default();
    for k in countries(e) {
        c.execute(
            sql,
            &[
                k.as_str().into(),
                date.as_str().into(),
                e.id.as_str().into(),
            ],
        )?;
    }
    Ok(())
}

/// The distinct countries of an event's source, target and location.
pub(crate) fn countries(e: &Event) -> Vec<&String> {
    let mut out: Vec<&String> = Vec::new();
    for k in [
        &e.core.source.country,
        &e.core.target.country,
        &e.core.location.country,
    ]
    .into_iter()
    .flatten()
    {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The events of the stored reports that tell of the same event as `r`
/// ([`merge::same_event`]): read by an index range (type, country or
/// none, dates within the window), then tested one by one.
fn candidates(c: &mut dyn Conn, r: &Report) -> Result<Vec<String>> {
    let Some(date) = r.core.date.as_deref().and_then(Date::parse_iso) else {
        return Ok(Vec::new());
    };
    let lo = date.add_days(-merge::MAX_DAYS_APART).to_string();
    let hi = date.add_days(merge::MAX_DAYS_APART).to_string();
    let base = format!(
        "SELECT {MERGE_COLUMNS} FROM reports WHERE event_type = $1 AND article_id <> $2 \
         AND date >= $3 AND date <= $4"
    );
    let common = || -> Vec<Value> {
        vec![
            r.core.event_type.as_str().into(),
            r.article_id.as_str().into(),
            lo.as_str().into(),
            hi.as_str().into(),
        ]
    };
    let mut found: Vec<Report> = Vec::new();
    match &r.core.location.country {
        // PostgreSQL ORs two index scans in one statement (one round
        // trip); SQLite is given them one at a time.
        Some(country) if c.dialect() == crate::conn::Dialect::Postgres => {
            let mut p = common();
            p.push(country.as_str().into());
            found.extend(collect(
                c,
                &format!("{base} AND (location_country = $5 OR location_country IS NULL)"),
                &p,
                read_merge_fields,
            )?);
        }
        // Two index range scans: the country's reports, and those with
        // no place, which agree with any.
        Some(country) => {
            let mut p = common();
            p.push(country.as_str().into());
            found.extend(collect(
                c,
                &format!("{base} AND location_country = $5"),
                &p,
                read_merge_fields,
            )?);
            found.extend(collect(
                c,
                &format!("{base} AND location_country IS NULL"),
                &common(),
                read_merge_fields,
            )?);
        }
        None => found.extend(collect(c, &base, &common(), read_merge_fields)?),
    }
    Ok(found
        .into_iter()
        .filter(|o| merge::same_event(r, o))
        .map(|o| o.event_id)
        .collect())
}

/// Regroups the reports of the events `ids` and writes the events that
/// changed: an event whose reports and account are as stored is left
/// alone.
fn regroup(c: &mut dyn Conn, ids: &BTreeSet<String>) -> Result<()> {
    let mut reports: Vec<Report> = Vec::new();
    let mut old: HashMap<String, Event> = HashMap::new();
    // The events to regroup, grown until no report of them tells of the
    // same event as a report outside them: a link that the one-article
    // rule held apart may hold no longer once a group changes.
    let mut wanted: BTreeSet<String> = ids.clone();
    let mut loaded: BTreeSet<String> = BTreeSet::new();
    loop {
        let next: Vec<String> = wanted.difference(&loaded).cloned().collect();
        if next.is_empty() {
            break;
        }
        let mut fresh: Vec<Report> = Vec::new();
        for chunk in next.chunks(500) {
            let params: Vec<Value> = chunk.iter().map(|s| s.as_str().into()).collect();
            let sql = format!(
                "SELECT {} FROM reports WHERE event_id IN ({})",
                report_columns(""),
                placeholders(1, chunk.len())
            );
            fresh.extend(collect(c, &sql, &params, read_report)?);
            let sql = format!(
                "SELECT {} FROM events e WHERE e.id IN ({})",
                event_columns(),
                placeholders(1, chunk.len())
            );
            for e in collect(c, &sql, &params, read_event)? {
                old.insert(e.id.clone(), e);
            }
        }
        loaded.extend(next);
        for r in &fresh {
            for e in candidates(c, r)? {
                if !loaded.contains(&e) {
                    wanted.insert(e);
                }
            }
        }
        reports.extend(fresh);
    }
    let insert_event = insert_event_sql();
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for g in merge::group(&reports) {
        let members: Vec<&Report> = g.iter().map(|&i| &reports[i]).collect();
        let Some(e) = merge::event_of(&members) else {
            continue;
        };
        kept.insert(e.id.clone());
        for m in &members {
            if m.event_id != e.id {
                c.execute(
                    "UPDATE reports SET event_id = $1 WHERE id = $2",
                    &[e.id.as_str().into(), m.id.as_str().into()],
                )?;
            }
        }
        match old.get(&e.id) {
            Some(o) if *o == e => {}
            Some(o) => {
                delete_event(c, o)?;
                write_event(c, &insert_event, &e)?;
            }
            None => write_event(c, &insert_event, &e)?,
        }
    }
    for (id, o) in &old {
        if !kept.contains(id) {
            delete_event(c, o)?;
        }
    }
    Ok(())
}

/// Deletes an event and its country rows (found by their full key).
fn delete_event(c: &mut dyn Conn, e: &Event) -> Result<()> {
    each_country(
        c,
        e,
        "DELETE FROM event_countries WHERE country = $1 AND date = $2 AND event_id = $3",
    )?;
    c.execute("DELETE FROM events WHERE id = $1", &[e.id.as_str().into()])?;
    Ok(())
}
