//! Reading the store: events by filter, one event with its reports,
//! counts, and a canonical dump for comparing stores.

use crate::conn::{collect, Conn, Dialect};
use crate::error::{Result, StoreError};
use crate::model::{Event, Filter, ReportDetail, Stats};
use crate::rows::{event_columns, read_event, read_report, report_columns};
use crate::schema::{CORE_COLUMNS, CORE_WIDTH};
use crate::value::{Row, Value};

/// A WHERE clause under construction, with its parameters.
pub(crate) struct Where {
    pub(crate) dialect: Dialect,
    /// `events e`, or joined from `event_countries c` when a country is
    /// asked for: that table lists events by country in listing order.
    pub(crate) from: String,
    /// The listing order's columns (date, id).
    pub(crate) order: (&'static str, &'static str),
    pub(crate) clauses: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Where {
    /// Adds a parameter; returns its placeholder.
    pub(crate) fn param(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("${}", self.params.len())
    }

    fn list(&mut self, column: &str, values: &[impl AsRef<str>]) {
        if values.is_empty() {
            return;
        }
        let ps: Vec<String> = values.iter().map(|v| self.param(v.as_ref())).collect();
        // One value is an equality: an index on (column, date) then
        // yields events already in listing order.
        if let [p] = &ps[..] {
            self.clauses.push(format!("{column} = {p}"));
        } else {
            self.clauses
                .push(format!("{column} IN ({})", ps.join(", ")));
        }
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// The words as one FTS5 phrase: `"tear gas"` (quotes doubled), so that
/// no word is read as an operator.
fn fts_phrase(words: &str) -> String {
    format!("\"{}\"", words.replace('"', "\"\""))
}

/// `%words%` with LIKE's wildcards in `words` taken literally.
pub(crate) fn contains_pattern(words: &str) -> String {
    let mut p = String::from("%");
    for ch in words.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The WHERE clause of `f` over `events e`.
pub(crate) fn filter(dialect: Dialect, f: &Filter) -> Result<Where> {
    let mut w = Where {
        dialect,
        from: "events e".into(),
        order: ("e.date", "e.id"),
        clauses: Vec::new(),
        params: Vec::new(),
    };
    let types: Vec<&str> = f.types.iter().map(|t| t.as_str()).collect();
    w.list("e.event_type", &types);
    w.list("e.mode", &f.modes);
    if let Some(c) = &f.country {
        let p = w.param(c.to_ascii_uppercase());
        w.from = "event_countries c JOIN events e ON e.id = c.event_id".into();
        w.order = ("c.date", "c.event_id");
        w.clauses.push(format!("c.country = {p}"));
    }
    let like = w.dialect.ilike();
    if let Some(a) = &f.actor {
        let p = w.param(contains_pattern(a));
        w.clauses.push(format!(
            "EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id AND \
             (r.source_name {like} {p} ESCAPE '\\' OR r.target_name {like} {p} ESCAPE '\\'))"
        ));
    }
    if let Some(t) = &f.text {
        // Full-text search for the words as a phrase, any case.
        let clause = match w.dialect {
            Dialect::Sqlite => {
                let p = w.param(fts_phrase(t));
                format!(
                    "e.id IN (SELECT r.event_id FROM reports r WHERE r.rowid IN \
                     (SELECT rowid FROM reports_fts WHERE reports_fts MATCH {p}))"
                )
            }
            Dialect::Postgres => {
                let p = w.param(t.as_str());
                format!(
                    "e.id IN (SELECT r.event_id FROM reports r WHERE \
                     to_tsvector('simple', r.evidence) @@ phraseto_tsquery('simple', {p}))"
                )
            }
        };
        w.clauses.push(clause);
    }
    // On the listing order's date column, so that the index that orders
    // the events also bounds them.
    let date = w.order.0;
    if let Some(d) = &f.since {
        let p = w.param(d.as_str());
        w.clauses.push(format!("{date} >= {p}"));
    }
    if let Some(d) = &f.until {
        let p = w.param(d.as_str());
        // '' (no date) sorts first: not "before" any day.
        w.clauses.push(format!("{date} <= {p} AND {date} <> ''"));
    }
    if let Some([west, south, east, north]) = f.bbox {
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) || south > north {
            return Err(StoreError::Invalid(format!(
                "bbox latitudes {south},{north} must lie in -90..90, south first"
            )));
        }
        let (s, n) = (w.param(south), w.param(north));
        let (we, ea) = (w.param(west), w.param(east));
        // A box across the antimeridian (west > east) is two ranges.
        let join = if west <= east { "AND" } else { "OR" };
        // Tested on each event in listing order: a map's box holds many
        // events, and the first page fills long before a sort of all
        // would end. SQLite is told so (a unary + keeps its planner off
        // any index on lat); PostgreSQL judges by its column statistics.
        let plus = match w.dialect {
            Dialect::Sqlite => "+",
            Dialect::Postgres => "",
        };
        w.clauses.push(format!(
            "{plus}e.lat >= {s} AND {plus}e.lat <= {n} AND \
             ({plus}e.lon >= {we} {join} {plus}e.lon <= {ea})"
        ));
    }
    if let Some(n) = f.min_fatalities {
        let p = w.param(n);
        w.clauses.push(format!("e.fatalities >= {p}"));
    }
    if let Some(c) = &f.after {
        let (d, i) = (w.param(c.date.as_str()), w.param(c.id.as_str()));
        let (od, oi) = w.order;
        w.clauses.push(format!("({od}, {oi}) < ({d}, {i})"));
    }
    Ok(w)
}

/// Calls `each` with the events that pass `f`, latest first.
pub fn events(
    c: &mut dyn Conn,
    f: &Filter,
    each: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let mut w = filter(c.dialect(), f)?;
    let (od, oi) = w.order;
    let mut sql = format!(
        "SELECT {} FROM {}{} ORDER BY {od} DESC, {oi} DESC",
        event_columns(),
        w.from,
        w.sql()
    );
    if let Some(n) = f.limit {
        let p = w.param(i64::try_from(n).unwrap_or(i64::MAX));
        sql.push_str(&format!(" LIMIT {p}"));
    }
    c.query(&sql, &w.params, &mut |r| each(read_event(r)?))
}

/// One event with its reports, or `None` if there is no such event.
pub fn event(c: &mut dyn Conn, id: &str) -> Result<Option<(Event, Vec<ReportDetail>)>> {
    // No id holds a NUL (PostgreSQL could not store one, nor take one
    // as a parameter).
    if id.contains('\0') {
        return Ok(None);
    }
    let sql = format!("SELECT {} FROM events e WHERE e.id = $1", event_columns());
    let Some(e) = collect(c, &sql, &[id.into()], read_event)?.pop() else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {}, a.title, a.url, a.date, r.record FROM reports r \
         JOIN articles a ON a.id = r.article_id WHERE r.event_id = $1 ORDER BY r.id",
        report_columns("r.")
    );
    let reports = collect(c, &sql, &[id.into()], |r| {
        // After the report's columns: title, url, date, record.
        let at = 4 + CORE_WIDTH;
        let record = r.req_text(at + 3)?;
        Ok(ReportDetail {
            report: read_report(r)?,
            title: r.text(at)?,
            url: r.text(at + 1)?,
            article_date: r.text(at + 2)?,
            record: serde_json::from_str(&record)
                .map_err(|e| StoreError::Corrupt(format!("record of a report: {e}")))?,
        })
    })?;
    Ok(Some((e, reports)))
}

/// Counts of the events that pass `f`.
pub fn stats(c: &mut dyn Conn, f: &Filter) -> Result<Stats> {
    let w = filter(c.dialect(), f)?;
    let counts = |c: &mut dyn Conn, key: &str, order: &str| -> Result<Vec<(String, i64)>> {
        let sql = format!(
            "SELECT {key} AS k, COUNT(*) FROM {}{} GROUP BY k ORDER BY {order}",
            w.from,
            w.sql()
        );
        collect(c, &sql, &w.params, |r| {
            Ok((
                r.text(0)?.unwrap_or_else(|| "-".into()),
                r.int(1)?.unwrap_or(0),
            ))
        })
    };
    let total = |c: &mut dyn Conn, sql: &str, params: &[Value]| -> Result<i64> {
        Ok(collect(c, sql, params, |r| Ok(r.int(0)?.unwrap_or(0)))?
            .first()
            .copied()
            .unwrap_or(0))
    };
    Ok(Stats {
        events: total(
            c,
            &format!("SELECT COUNT(*) FROM {}{}", w.from, w.sql()),
            &w.params,
        )?,
        reports: total(c, "SELECT COUNT(*) FROM reports", &[])?,
        articles: total(c, "SELECT COUNT(*) FROM articles", &[])?,
        by_type: counts(c, "e.event_type", "2 DESC, 1")?,
        by_country: counts(c, "e.location_country", "2 DESC, 1")?,
        by_month: counts(c, "substr(e.date, 1, 7)", "1")?,
    })
}

/// Every article (id and content hash), report and event, in a fixed
/// order and format: two stores with equal dumps hold the same data.
pub fn dump(c: &mut dyn Conn) -> Result<String> {
    let mut out = String::new();
    let cell = |r: &dyn Row, i: usize| -> Result<String> {
        Ok(match r.text(i) {
            Ok(Some(s)) => s,
            Ok(None) => "NULL".into(),
            // Numbers read as text fail on PostgreSQL: read as numbers.
            Err(_) => match r.int(i) {
                Ok(v) => v.map_or("NULL".into(), |n| n.to_string()),
                Err(_) => r.real(i)?.map_or("NULL".into(), |x| format!("{x:.6}")),
            },
        })
    };
    let tables = [
        ("articles", "id, content_hash", 2),
        (
            "reports",
            &*format!("{}, evidence, record", report_columns("")),
            4 + CORE_WIDTH + 2,
        ),
        (
            "events",
            &*format!("id, {CORE_COLUMNS}, num_reports, num_articles, num_sources"),
            1 + CORE_WIDTH + 3,
        ),
    ];
    for (table, cols, width) in tables {
        out.push_str(&format!("== {table}\n"));
        let sql = format!("SELECT {cols} FROM {table} ORDER BY id");
        c.query(&sql, &[], &mut |r| {
            let cells: Vec<String> = (0..width).map(|i| cell(r, i)).collect::<Result<_>>()?;
            out.push_str(&cells.join("\t"));
            out.push('\n');
            Ok(())
        })?;
    }
    out.push_str("== report_links\n");
    c.query(
        "SELECT report_id, answers FROM report_links ORDER BY report_id, answers",
        &[],
        &mut |r| {
            out.push_str(&format!("{}\t{}\n", r.req_text(0)?, r.req_text(1)?));
            Ok(())
        },
    )?;
    Ok(out)
}
