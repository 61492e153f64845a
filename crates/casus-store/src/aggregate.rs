//! Aggregates for maps, charts and search boxes: events per day and
//! type, events per cell of a grid, and actor names. They let a page
//! show a store of any size with a bounded amount of data.

use crate::conn::{collect, Conn, Dialect};
use crate::error::{Result, StoreError};
use crate::model::Filter;
use crate::query::{contains_pattern, filter};
use crate::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// Events of one type on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// PLOVER type.
    pub event_type: String,
    /// How many events.
    pub events: i64,
}

/// Counts of the events that pass `f` by day and type, in day order;
/// events without a date are left out.
pub fn timeline(c: &mut dyn Conn, f: &Filter) -> Result<Vec<DayCount>> {
    let w = filter(c.dialect(), f)?;
    let date = w.order.0;
    let and = if w.clauses.is_empty() {
        " WHERE"
    } else {
        " AND"
    };
    let sql = format!(
        "SELECT substr({date}, 1, 10) AS d, e.event_type, COUNT(*) FROM {}{}{and} {date} <> '' \
         GROUP BY d, e.event_type ORDER BY d, e.event_type",
        w.from,
        w.sql()
    );
    collect(c, &sql, &w.params, |r| {
        Ok(DayCount {
            day: r.req_text(0)?,
            event_type: r.req_text(1)?,
            events: r.int(2)?.unwrap_or(0),
        })
    })
}

/// The events in one cell of a grid over the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    /// Mean latitude of its events.
    pub lat: f64,
    /// Mean longitude of its events.
    pub lon: f64,
    /// How many events.
    pub events: i64,
    /// Their fatalities, summed.
    pub fatalities: i64,
    /// The type most of them have (the first by name on a tie).
    pub event_type: String,
    /// Events per PLOVER type.
    pub types: BTreeMap<String, i64>,
    /// The event's id when the cell holds one event.
    pub id: Option<String>,
}

/// A grid of cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grid {
    /// The side of a cell in degrees: the one asked for, or doubled
    /// until the cells are no more than asked.
    pub cell: f64,
    /// Cells with events.
    pub cells: Vec<Cell>,
}

/// A cell's running sums, keyed by its row and column.
#[derive(Default)]
struct Sums {
    events: i64,
    fatalities: i64,
    lat: f64,
    lon: f64,
    types: BTreeMap<String, i64>,
    id: Option<String>,
}

impl Sums {
    fn add(&mut self, o: Sums) {
        self.events += o.events;
        self.fatalities += o.fatalities;
        self.lat += o.lat;
        self.lon += o.lon;
        for (t, n) in o.types {
            *self.types.entry(t).or_default() += n;
        }
        self.id = None;
    }
}

/// The events that pass `f` and have coordinates, counted in square
/// cells of `cell` degrees (from 90°S, 180°W). When that gives more
/// than `max_cells` cells, the side is doubled until it does not.
pub fn grid(c: &mut dyn Conn, f: &Filter, cell: f64, max_cells: usize) -> Result<Grid> {
    if !(cell.is_finite() && (1e-4..=90.0).contains(&cell)) {
        return Err(StoreError::Invalid(format!(
            "a cell of {cell} degrees: cells are 0.0001 to 90 degrees"
        )));
    }
    let mut w = filter(c.dialect(), f)?;
    let p = w.param(cell);
    // Rows and columns count from 0 at 90°S and 180°W, so the division
    // is never negative and truncation is the floor.
    let (row, col) = match w.dialect {
        Dialect::Sqlite => (
            format!("CAST((e.lat + 90.0) / {p} AS INTEGER)"),
            format!("CAST((e.lon + 180.0) / {p} AS INTEGER)"),
        ),
        Dialect::Postgres => (
            format!("CAST(FLOOR((e.lat + 90.0) / {p}) AS BIGINT)"),
            format!("CAST(FLOOR((e.lon + 180.0) / {p}) AS BIGINT)"),
        ),
    };
    w.clauses
        .push("e.lat IS NOT NULL AND e.lon IS NOT NULL".into());
    let sql = format!(
        "SELECT {row} AS gy, {col} AS gx, e.event_type, COUNT(*), \
         CAST(SUM(COALESCE(e.fatalities, 0)) AS BIGINT), SUM(e.lat), SUM(e.lon), MIN(e.id) \
         FROM {}{} GROUP BY gy, gx, e.event_type",
        w.from,
        w.sql()
    );
    let mut cells: BTreeMap<(i64, i64), Sums> = BTreeMap::new();
    collect(c, &sql, &w.params, |r| {
        let n = r.int(3)?.unwrap_or(0);
        let key = (r.int(0)?.unwrap_or(0), r.int(1)?.unwrap_or(0));
        let s = Sums {
            events: n,
            fatalities: r.int(4)?.unwrap_or(0),
            lat: r.real(5)?.unwrap_or(0.0),
            lon: r.real(6)?.unwrap_or(0.0),
            types: BTreeMap::from([(r.req_text(2)?, n)]),
            id: r.text(7)?,
        };
        match cells.get_mut(&key) {
            Some(have) => have.add(s),
            None => {
                cells.insert(key, s);
            }
        }
        Ok(())
    })?;
    // Coarser cells hold whole finer ones: floor(x / 2c) is
    // floor(floor(x / c) / 2).
    let mut side = cell;
    // Ends: at 512° every event is in one cell.
    while cells.len() > max_cells.max(1) {
        side *= 2.0;
        let mut coarse: BTreeMap<(i64, i64), Sums> = BTreeMap::new();
        for ((y, x), s) in cells {
            coarse.entry((y / 2, x / 2)).or_default().add(s);
        }
        cells = coarse;
    }
    let cells = cells
        .into_values()
        .map(|s| {
            let n = s.events.max(1) as f64;
            let event_type = s
                .types
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            Cell {
                lat: s.lat / n,
                lon: s.lon / n,
                events: s.events,
                fatalities: s.fatalities,
                event_type,
                id: if s.events == 1 { s.id } else { None },
                types: s.types,
            }
        })
        .collect();
    Ok(Grid { cell: side, cells })
}

/// An actor's name as stored, with how many events it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorName {
    /// The name.
    pub name: String,
    /// Its country (ISO3), if any.
    pub country: Option<String>,
    /// Events whose source or target it is.
    pub events: i64,
}

/// Actor names that contain `words` (any case), names that begin with
/// them first, then by how many events they are in.
pub fn actors(c: &mut dyn Conn, words: &str, limit: u64) -> Result<Vec<ActorName>> {
    let like = c.dialect().ilike();
    let sql = format!(
        "SELECT n, MAX(cc), COUNT(*) FROM (\
         SELECT e.source_name AS n, e.source_country AS cc FROM events e \
         WHERE e.source_name {like} $1 ESCAPE '\\' \
         UNION ALL SELECT e.target_name, e.target_country FROM events e \
         WHERE e.target_name {like} $1 ESCAPE '\\') t \
         GROUP BY n ORDER BY CASE WHEN n {like} $2 ESCAPE '\\' THEN 0 ELSE 1 END, 3 DESC, 1 LIMIT $3"
    );
    let prefix = {
        let mut p = contains_pattern(words);
        p.remove(0);
        p
    };
    let params: [Value; 3] = [
        contains_pattern(words).into(),
        prefix.into(),
        Value::Int(i64::try_from(limit).unwrap_or(i64::MAX)),
    ];
    collect(c, &sql, &params, |r| {
        Ok(ActorName {
            name: r.req_text(0)?,
            country: r.text(1)?,
            events: r.int(2)?.unwrap_or(0),
        })
    })
}

/// The reports of article `id` and the events they are part of, in
/// report order: `(report id, event id)`.
pub fn article_events(c: &mut dyn Conn, id: &str) -> Result<Vec<(String, String)>> {
    collect(
        c,
        "SELECT id, event_id FROM reports WHERE article_id = $1 ORDER BY id",
        &[id.into()],
        |r| Ok((r.req_text(0)?, r.req_text(1)?)),
    )
}
