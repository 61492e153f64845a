//! Writing stored events out, for `casus query` (a page, as a table,
//! JSON Lines or CSV), `casus export` and the Python package's
//! `Store.export` (everything that passes the filters, in the layouts
//! analysts' tools read). The ACLED-like and GDELT-like layouts are
//! described column by column in docs/export.md.

mod parquet_out;

use casus_core::Pipeline;
use casus_store::{Cursor, Event, Filter, Sources, Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an export failed. Each message is whole: the cause is said in
/// it, not chained behind it (so that it is printed once).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store.
    #[error("reading {store}: {error}")]
    Store {
        /// The store's name.
        store: String,
        /// What the store said.
        error: StoreError,
    },
    /// Writing the output (the caller names it: "exporting to FILE").
    #[error("{0}")]
    Io(std::io::Error),
    /// Writing to a file (creating it, renaming it when whole).
    #[error("{what} {path}: {error}")]
    File {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The system's error.
        error: std::io::Error,
    },
    /// The CSV writer.
    #[error("writing CSV: {0}")]
    Csv(csv::Error),
    /// The Parquet writer.
    #[error("writing Parquet: {0}")]
    Parquet(parquet::errors::ParquetError),
    /// Serialising an event.
    #[error("writing JSON: {0}")]
    Json(serde_json::Error),
}

macro_rules! from {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for ExportError {
            fn from(e: $t) -> ExportError {
                ExportError::$v(e)
            }
        }
    )*};
}
// (CSV is written into memory; the disk is met by `Io`.)
from!(std::io::Error => Io, csv::Error => Csv, parquet::errors::ParquetError => Parquet);

/// A failed write is said as the system said it ("No space left on
/// device"), whichever writer met it.
impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> ExportError {
        if e.is_io() {
            ExportError::Io(e.into())
        } else {
            ExportError::Json(e)
        }
    }
}

/// What an export returns.
pub type Result<T, E = ExportError> = std::result::Result<T, E>;

impl Format {
    /// Every layout, in the order the CLI's help lists them.
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Jsonl,
        Format::Csv,
        Format::AcledCsv,
        Format::GdeltTsv,
        Format::Geojson,
        Format::Parquet,
    ];

    /// Its name as the CLI and the Python package take it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::AcledCsv => "acled-csv",
            Format::GdeltTsv => "gdelt-tsv",
            Format::Geojson => "geojson",
            Format::Parquet => "parquet",
        }
    }

    /// The layouts a listing of events prints (`casus query`): the table
    /// and the two line-by-line layouts.
    pub fn lists(self) -> bool {
        matches!(self, Format::Table | Format::Jsonl | Format::Csv)
    }

    /// The layouts an export writes for other tools: all but the table.
    pub fn exports(self) -> bool {
        self != Format::Table
    }

    /// The format of a name as [`Format::name`] gives it, in any case,
    /// with `_` for `-` (`acled_csv`).
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase().replace('_', "-");
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// An output layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for reading.
    Table,
    /// One JSON object per event.
    Jsonl,
    /// One CSV row per event, every field a column.
    Csv,
    /// ACLED's column names and codes, as far as casus knows them.
    AcledCsv,
    /// GDELT 1.0 event table's column names, tab-separated.
    GdeltTsv,
    /// A GeoJSON FeatureCollection of the events with coordinates.
    Geojson,
    /// A Parquet file, the CSV layout's columns typed.
    Parquet,
}

/// Events read per round trip.
const PAGE: u64 = 1000;

/// Writes the events that pass `filter` (up to its limit) to `out`.
pub fn write(
    store: &mut Store,
    p: Option<&Pipeline>,
    filter: &Filter,
    format: Format,
    out: &mut dyn Write,
) -> Result<u64> {
    let mut w = Writer::new(format, p, out)?;
    let mut written = 0u64;
    let mut f = filter.clone();
    loop {
        let want = match filter.limit {
            Some(l) if l <= written => break,
            Some(l) => (l - written).min(PAGE),
            None => PAGE,
        };
        f.limit = Some(want);
        let mut page: Vec<Event> = Vec::with_capacity(want as usize);
        store
            .events(&f, &mut |e| {
                page.push(e);
                Ok(())
            })
            .map_err(|error| ExportError::Store {
                store: store.name().to_string(),
                error,
            })?;
        let Some(last) = page.last() else { break };
        f.after = Some(Cursor::after(last));
        let sources = if w.needs_sources() {
            let ids: Vec<&str> = page.iter().map(|e| e.id.as_str()).collect();
            store.sources(&ids).map_err(|error| ExportError::Store {
                store: store.name().to_string(),
                error,
            })?
        } else {
            HashMap::new()
        };
        for e in &page {
            w.event(e, sources.get(&e.id))?;
        }
        written += page.len() as u64;
        if (page.len() as u64) < want {
            break;
        }
    }
    w.finish()?;
    Ok(written)
}

/// Runs `write` on a file beside `path` and renames it to `path` once
/// all is written: an export that fails (a full disk, a store error)
/// leaves no partial file that looks whole, and an older file at `path`
/// stays as it was.
pub fn to_file<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let part = path.with_file_name(format!(".{name}.part-{}", std::process::id()));
    let file_error = |what: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |error| ExportError::File { what, path, error }
    };
    let done: Result<T> = (|| {
        let file = std::fs::File::create(&part).map_err(file_error("creating", &part))?;
        let mut out = std::io::BufWriter::new(file);
        let v = write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| file_error("writing", path)(e.into_error()))?;
        file.sync_all().map_err(file_error("writing", path))?;
        std::fs::rename(&part, path)
            .map_err(file_error("renaming the finished export to", path))?;
        Ok(v)
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    done
}

struct Writer<'a> {
    format: Format,
    out: &'a mut dyn Write,
    csv: Option<csv::Writer<Vec<u8>>>,
    table: Vec<[String; 8]>,
    countries: BTreeMap<String, String>,
    first: bool,
    parquet: Option<parquet_out::ParquetOut>,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(String::new, ToString::to_string)
}

impl<'a> Writer<'a> {
    fn new(format: Format, p: Option<&Pipeline>, out: &'a mut dyn Write) -> Result<Writer<'a>> {
        // Country names for the layouts that want them.
        let countries = p.map(|p| p.country_names()).unwrap_or_default();
        let mut w = Writer {
            format,
            out,
            csv: None,
            table: Vec::new(),
            countries,
            first: true,
            parquet: None,
        };
        if format == Format::Parquet {
            w.parquet = Some(parquet_out::ParquetOut::new()?);
        }
        let header: Option<Vec<&str>> = match format {
            Format::Csv => Some(CSV_COLUMNS.to_vec()),
            Format::AcledCsv => Some(ACLED_COLUMNS.to_vec()),
            Format::GdeltTsv => Some(GDELT_COLUMNS.to_vec()),
            _ => None,
        };
        if let Some(h) = header {
            let mut c = csv_writer(format);
            c.write_record(&h)?;
            w.csv = Some(c);
        }
        if format == Format::Geojson {
            write!(w.out, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
        }
        Ok(w)
    }

    fn needs_sources(&self) -> bool {
        matches!(self.format, Format::AcledCsv | Format::GdeltTsv)
    }

    fn country_name(&self, iso: &Option<String>) -> String {
        iso.as_ref()
            .map(|c| self.countries.get(c).cloned().unwrap_or_else(|| c.clone()))
            .unwrap_or_default()
    }

    fn event(&mut self, e: &Event, src: Option<&Sources>) -> Result<()> {
        let c = &e.core;
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, e)?;
                writeln!(self.out)?;
            }
            Format::Table => self.table.push([
                e.id.clone(),
                opt(&c.date),
                c.event_type.to_string(),
                opt(&c.source.name),
                opt(&c.target.name),
                place_label(c),
                opt(&c.fatalities),
                e.num_reports.to_string(),
            ]),
            Format::Csv => {
                let row = csv_row(e);
                self.csv_record(&row)?;
            }
            Format::AcledCsv => {
                let row = self.acled_row(e, src);
                self.csv_record(&row)?;
            }
            Format::GdeltTsv => {
                let row = gdelt_row(e, src);
                self.csv_record(&row)?;
            }
            Format::Parquet => {
                if let Some(p) = &mut self.parquet {
                    p.push(e, &mut *self.out)?;
                }
            }
            Format::Geojson => {
                let (Some(lat), Some(lon)) = (c.location.lat, c.location.lon) else {
                    return Ok(());
                };
                if !self.first {
                    write!(self.out, ",")?;
                }
                self.first = false;
                let mut props = serde_json::to_value(e)?;
                if let Some(o) = props.as_object_mut() {
                    o.remove("location");
                    o.insert("place".into(), serde_json::to_value(&c.location)?);
                }
                let f = serde_json::json!({
                    "type": "Feature",
                    "id": e.id,
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": props,
                });
                serde_json::to_writer(&mut *self.out, &f)?;
                writeln!(self.out)?;
            }
        }
        Ok(())
    }

    fn csv_record(&mut self, row: &[String]) -> Result<()> {
        if let Some(c) = &mut self.csv {
            c.write_record(row)?;
            // Hand over what the CSV writer holds now and then: memory
            // stays flat on any export.
            if c.get_ref().len() > 1 << 16 {
                let full = std::mem::replace(c, csv_writer(self.format));
                let buf = full
                    .into_inner()
                    .map_err(|e| std::io::Error::other(e.error().to_string()))?;
                self.out.write_all(&buf)?;
            }
        }
        Ok(())
    }

    fn acled_row(&self, e: &Event, src: Option<&Sources>) -> Vec<String> {
        let c = &e.core;
        let date = opt(&c.date);
        let disorder = match c.acled_event_type.as_deref() {
            Some("Battles" | "Explosions/Remote violence" | "Violence against civilians") => {
                "Political violence"
            }
            Some("Protests" | "Riots") => "Demonstrations",
            Some("Strategic developments") => "Strategic developments",
            _ => "",
        };
        let geo_precision = match c.location.precision.as_deref() {
            Some("point" | "city") => "1",
            Some("admin2" | "admin1") => "2",
            Some("country") => "3",
            _ => "",
        };
        vec![
            e.id.clone(),
            date.clone(),
            date.get(..4).unwrap_or("").to_string(),
            if c.date.is_some() { "1" } else { "" }.into(),
            disorder.into(),
            opt(&c.acled_event_type),
            opt(&c.acled_sub_event_type),
            opt(&c.source.name),
            inter_code(&c.source.sector).into(),
            opt(&c.target.name),
            inter_code(&c.target.sector).into(),
            opt(&c.location.country),
            self.country_name(&c.location.country),
            opt(&c.location.admin1),
            opt(&c.location.name),
            opt(&c.location.lat),
            opt(&c.location.lon),
            geo_precision.into(),
            src.map(|s| s.outlets.join("; ")).unwrap_or_default(),
            src.map(|s| s.evidence.clone()).unwrap_or_default(),
            c.fatalities.unwrap_or(0).to_string(),
            e.num_reports.to_string(),
        ]
    }

    fn finish(mut self) -> Result<()> {
        if let Some(c) = self.csv.take() {
            let buf = c
                .into_inner()
                .map_err(|e| std::io::Error::other(e.error().to_string()))?;
            self.out.write_all(&buf)?;
        }
        if self.format == Format::Geojson {
            writeln!(self.out, "]}}")?;
        }
        if let Some(p) = self.parquet.take() {
            p.finish(&mut *self.out)?;
        }
        if self.format == Format::Table {
            write_table(self.out, &self.table)?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// A CSV writer (tab-separated for the GDELT layout) into memory.
fn csv_writer(format: Format) -> csv::Writer<Vec<u8>> {
    let delim = if format == Format::GdeltTsv {
        b'\t'
    } else {
        b','
    };
    csv::WriterBuilder::new()
        .delimiter(delim)
        .from_writer(Vec::new())
}

fn place_label(c: &casus_store::Core) -> String {
    match (&c.location.name, &c.location.country) {
        (Some(n), Some(k)) => format!("{n} ({k})"),
        (Some(n), None) => n.clone(),
        (None, Some(k)) => k.clone(),
        (None, None) => String::new(),
    }
}

/// ACLED's actor type codes (inter1/inter2) from a CAMEO sector: 1 state
/// forces, 2 rebel groups, 3 political militias, 5 rioters, 6
/// protesters, 7 civilians, 8 external or other forces.
fn inter_code(sector: &Option<String>) -> &'static str {
    match sector.as_deref() {
        Some("GOV" | "MIL" | "COP" | "SPY" | "JUD" | "LEG") => "1",
        Some("REB" | "INS" | "SEP") => "2",
        Some("PTY" | "OPP") => "3",
        Some("PRO") => "6",
        Some("CVL" | "MED" | "EDU" | "REL" | "LAB" | "BUS" | "HLH" | "REF") => "7",
        Some("IGO" | "NGO") => "8",
        _ => "",
    }
}

const TABLE_HEAD: [&str; 8] = [
    "id", "date", "type", "source", "target", "place", "killed", "reports",
];

fn write_table(out: &mut dyn Write, rows: &[[String; 8]]) -> Result<()> {
    const MAX: usize = 28;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let mut widths: Vec<usize> = TABLE_HEAD.iter().map(|h| h.len()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            // Ids are kept whole: they are what `casus` is asked about.
            r.iter()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.clone() } else { cut(c) })
                .collect()
        })
        .collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - c.chars().count();
            // Numbers right-aligned.
            if i >= 6 {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < cells.len() {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(TABLE_HEAD.to_vec()))?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    writeln!(out, "({} events)", rows.len())?;
    Ok(())
}

const CSV_COLUMNS: [&str; 26] = [
    "id",
    "date",
    "event_type",
    "mode",
    "cameo",
    "goldstein",
    "source_name",
    "source_country",
    "source_sector",
    "source_code",
    "target_name",
    "target_country",
    "target_sector",
    "target_code",
    "location_name",
    "location_country",
    "admin1",
    "lat",
    "lon",
    "precision",
    "fatalities",
    "injuries",
    "acled_event_type",
    "acled_sub_event_type",
    "num_reports",
    "num_sources",
];

fn csv_row(e: &Event) -> Vec<String> {
    let c = &e.core;
    vec![
        e.id.clone(),
        opt(&c.date),
        c.event_type.to_string(),
        opt(&c.mode),
        opt(&c.cameo),
        opt(&c.goldstein),
        opt(&c.source.name),
        opt(&c.source.country),
        opt(&c.source.sector),
        opt(&c.source.code),
        opt(&c.target.name),
        opt(&c.target.country),
        opt(&c.target.sector),
        opt(&c.target.code),
        opt(&c.location.name),
        opt(&c.location.country),
        opt(&c.location.admin1),
        opt(&c.location.lat),
        opt(&c.location.lon),
        opt(&c.location.precision),
        opt(&c.fatalities),
        opt(&c.injuries),
        opt(&c.acled_event_type),
        opt(&c.acled_sub_event_type),
        e.num_reports.to_string(),
        e.num_sources.to_string(),
    ]
}

const ACLED_COLUMNS: [&str; 22] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "iso3",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "num_reports",
];

const GDELT_COLUMNS: [&str; 29] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "SOURCEURL",
];

fn gdelt_row(e: &Event, src: Option<&Sources>) -> Vec<String> {
    let c = &e.core;
    let date = opt(&c.date).replace('-', "");
    let (y, m, d) = (
        date.get(..4).unwrap_or(""),
        date.get(4..6).unwrap_or(""),
        date.get(6..8).unwrap_or(""),
    );
    // GDELT's FractionDate: year plus the fraction of the year passed.
    let fraction = match (y.parse::<f64>(), m.parse::<f64>(), d.parse::<f64>()) {
        (Ok(y), Ok(m), Ok(d)) => format!("{:.4}", y + ((m - 1.0) * 30.0 + d) / 365.0),
        _ => String::new(),
    };
    let cameo = opt(&c.cameo);
    let root = cameo.get(..2).unwrap_or("").to_string();
    let quad = match root.parse::<u8>() {
        Ok(1..=5) => "1",
        Ok(6..=8) => "2",
        Ok(9..=13) => "3",
        Ok(14..=20) => "4",
        _ => "",
    };
    let us = c.location.country.as_deref() == Some("USA");
    let geo_type = match c.location.precision.as_deref() {
        Some("country") => "1",
        Some("admin1" | "admin2") if us => "2",
        Some("admin1" | "admin2") => "5",
        Some("point" | "city") if us => "3",
        Some("point" | "city") => "4",
        _ => "0",
    };
    vec![
        e.id.clone(),
        date.clone(),
        format!("{y}{m}"),
        y.to_string(),
        fraction,
        opt(&c.source.code),
        opt(&c.source.name).to_uppercase(),
        opt(&c.source.country),
        opt(&c.source.sector),
        opt(&c.target.code),
        opt(&c.target.name).to_uppercase(),
        opt(&c.target.country),
        opt(&c.target.sector),
        "1".into(),
        cameo.clone(),
        cameo.get(..3).unwrap_or("").to_string(),
        root,
        quad.into(),
        opt(&c.goldstein),
        e.num_reports.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        geo_type.into(),
        opt(&c.location.name),
        opt(&c.location.country),
        opt(&c.location.admin1),
        opt(&c.location.lat),
        opt(&c.location.lon),
        src.and_then(|s| s.urls.first().cloned())
            .unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_layout_is_listed_once_and_read_back_by_its_name() {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
            assert!(
                f.lists() || f.exports(),
                "{} is written by no command",
                f.name()
            );
        }
        assert_eq!(Format::parse("ACLED_csv"), Some(Format::AcledCsv));
        assert_eq!(Format::parse("xlsx"), None);
    }
}
