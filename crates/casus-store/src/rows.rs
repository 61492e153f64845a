//! Rows as the store reads them back: the column lists of reports and
//! events, and the readers of those columns. Ingest, queries, bulk loads,
//! chains and checks all read through here, so a column added to a table
//! is read the same way everywhere.

use crate::error::Result;
use crate::model::{read_type, Core, Event, Report};
use crate::schema::{CORE_COLUMNS, CORE_WIDTH};
use crate::value::Row;

/// The columns of a report row as [`read_report`] reads them, each
/// prefixed with `table` (`"r."`, or `""`).
pub(crate) fn report_columns(table: &str) -> String {
    format!("id, article_id, event_id, outlet, {CORE_COLUMNS}")
        .split(", ")
        .map(|c| format!("{table}{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a row of [`report_columns`].
pub(crate) fn read_report(r: &dyn Row) -> Result<Report> {
    Ok(Report {
        id: r.req_text(0)?,
        article_id: r.req_text(1)?,
        event_id: r.req_text(2)?,
        outlet: r.text(3)?,
        core: Core::read(r, 4)?,
    })
}

/// Reads a row of [`MERGE_COLUMNS`]: a report with what the merge test
/// needs (its id is not among them: only its event's is used).
pub(crate) fn read_merge_fields(r: &dyn Row) -> Result<Report> {
    let t = |i: usize| r.text(i);
    Ok(Report {
        id: String::new(),
        article_id: r.req_text(3)?,
        event_id: r.req_text(4)?,
        outlet: None,
        core: Core {
            date: t(2)?.filter(|d| !d.is_empty()),
            source: crate::model::Actor {
                name: t(5)?,
                country: t(6)?,
                sector: t(7)?,
                code: None,
            },
            target: crate::model::Actor {
                name: t(8)?,
                country: t(9)?,
                sector: t(10)?,
                code: None,
            },
            location: crate::model::Place {
                name: None,
                country: t(1)?,
                admin1: t(11)?,
                lat: r.real(12)?,
                lon: r.real(13)?,
                precision: t(14)?,
            },
            ..Core::new(read_type(r, 0)?)
        },
    })
}

/// The columns of an event row as [`read_event`] reads them.
pub(crate) fn event_columns() -> String {
    format!("e.id, {}, e.num_reports, e.num_articles, e.num_sources", {
        CORE_COLUMNS
            .split(", ")
            .map(|c| format!("e.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Reads a row of [`event_columns`].
pub(crate) fn read_event(r: &dyn Row) -> Result<Event> {
    let n = |i| -> Result<i64> { Ok(r.int(1 + CORE_WIDTH + i)?.unwrap_or(0)) };
    Ok(Event {
        id: r.req_text(0)?,
        core: Core::read(r, 1)?,
        num_reports: n(0)?,
        num_articles: n(1)?,
        num_sources: n(2)?,
    })
}
