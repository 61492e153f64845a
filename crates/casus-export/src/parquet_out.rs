//! Events as a Parquet file (for pandas, polars, Spark, DuckDB): the
//! columns of the CSV layout, typed (dates as DATE, coordinates as
//! doubles, counts as integers), Snappy-compressed, a row group per
//! 65,536 events so that memory stays flat on any export.

use crate::{ExportError, Result};
use casus_core::Date;
use casus_store::Event;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Events per row group.
const ROW_GROUP: usize = 65_536;

const SCHEMA: &str = "message event {
  required binary id (STRING);
  optional int32 date (DATE);
  required binary event_type (STRING);
  optional binary mode (STRING);
  optional binary cameo (STRING);
  optional double goldstein;
  optional binary source_name (STRING);
  optional binary source_country (STRING);
  optional binary source_sector (STRING);
  optional binary source_code (STRING);
  optional binary target_name (STRING);
  optional binary target_country (STRING);
  optional binary target_sector (STRING);
  optional binary target_code (STRING);
  optional binary location_name (STRING);
  optional binary location_country (STRING);
  optional binary admin1 (STRING);
  optional double lat;
  optional double lon;
  optional binary precision (STRING);
  optional int64 fatalities;
  optional int64 injuries;
  optional binary acled_event_type (STRING);
  optional binary acled_sub_event_type (STRING);
  required int64 num_reports;
  required int64 num_articles;
  required int64 num_sources;
}";

/// A byte sink the Parquet writer can own (it must be `Send`) and the
/// caller can empty after each row group.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("parquet buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes events as Parquet, a row group at a time.
pub struct ParquetOut {
    writer: SerializedFileWriter<Shared>,
    sink: Shared,
    rows: Vec<Event>,
}

impl ParquetOut {
    /// A writer with the event schema.
    pub fn new() -> Result<ParquetOut> {
        let schema = Arc::new(parquet::schema::parser::parse_message_type(SCHEMA)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("casus {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let sink = Shared::default();
        Ok(ParquetOut {
            writer: SerializedFileWriter::new(sink.clone(), schema, props)?,
            sink,
            rows: Vec::new(),
        })
    }

    /// Adds an event; writes a row group to `out` when one is full.
    pub fn push(&mut self, e: &Event, out: &mut dyn Write) -> Result<()> {
        self.rows.push(e.clone());
        if self.rows.len() >= ROW_GROUP {
            self.row_group(out)?;
        }
        Ok(())
    }

    /// Writes what is left and the file's footer.
    pub fn finish(mut self, out: &mut dyn Write) -> Result<()> {
        self.row_group(out)?;
        let sink = self.sink.clone();
        self.writer.close()?;
        drain(&sink, out)
    }

    fn drain(&self, out: &mut dyn Write) -> Result<()> {
        drain(&self.sink, out)
    }

    fn row_group(&mut self, out: &mut dyn Write) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        let epoch = Date::new(1970, 1, 1)
            .ok_or_else(|| ExportError::Io(std::io::Error::other("the epoch is no date")))?;
        let mut rg = self.writer.next_row_group()?;
        let mut column = 0;
        while let Some(mut col) = rg.next_column()? {
            let c = |f: fn(&Event) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
            match column {
                0 => strings(&mut col, &c(|e| Some(e.id.clone())), true)?,
                1 => {
                    let days: Vec<Option<i32>> = rows
                        .iter()
                        .map(|e| {
                            e.core
                                .date
                                .as_deref()
                                .and_then(Date::parse_iso)
                                .map(|d| epoch.days_until(d))
                        })
                        .collect();
                    numbers::<Int32Type>(&mut col, &days, false)?;
                }
                2 => strings(&mut col, &c(|e| Some(e.core.event_type.to_string())), true)?,
                3 => strings(&mut col, &c(|e| e.core.mode.clone()), false)?,
                4 => strings(&mut col, &c(|e| e.core.cameo.clone()), false)?,
                5 => numbers::<DoubleType>(
                    &mut col,
                    &rows.iter().map(|e| e.core.goldstein).collect::<Vec<_>>(),
                    false,
                )?,
                6 => strings(&mut col, &c(|e| e.core.source.name.clone()), false)?,
                7 => strings(&mut col, &c(|e| e.core.source.country.clone()), false)?,
                8 => strings(&mut col, &c(|e| e.core.source.sector.clone()), false)?,
                9 => strings(&mut col, &c(|e| e.core.source.code.clone()), false)?,
                10 => strings(&mut col, &c(|e| e.core.target.name.clone()), false)?,
                11 => strings(&mut col, &c(|e| e.core.target.country.clone()), false)?,
                12 => strings(&mut col, &c(|e| e.core.target.sector.clone()), false)?,
                13 => strings(&mut col, &c(|e| e.core.target.code.clone()), false)?,
                14 => strings(&mut col, &c(|e| e.core.location.name.clone()), false)?,
                15 => strings(&mut col, &c(|e| e.core.location.country.clone()), false)?,
                16 => strings(&mut col, &c(|e| e.core.location.admin1.clone()), false)?,
                17 => numbers::<DoubleType>(
                    &mut col,
                    &rows.iter().map(|e| e.core.location.lat).collect::<Vec<_>>(),
                    false,
                )?,
                18 => numbers::<DoubleType>(
                    &mut col,
                    &rows.iter().map(|e| e.core.location.lon).collect::<Vec<_>>(),
                    false,
                )?,
                19 => strings(&mut col, &c(|e| e.core.location.precision.clone()), false)?,
                20 => numbers::<Int64Type>(
                    &mut col,
                    &rows.iter().map(|e| e.core.fatalities).collect::<Vec<_>>(),
                    false,
                )?,
                21 => numbers::<Int64Type>(
                    &mut col,
                    &rows.iter().map(|e| e.core.injuries).collect::<Vec<_>>(),
                    false,
                )?,
                22 => strings(&mut col, &c(|e| e.core.acled_event_type.clone()), false)?,
                23 => strings(&mut col, &c(|e| e.core.acled_sub_event_type.clone()), false)?,
                24 => numbers::<Int64Type>(
                    &mut col,
                    &rows.iter().map(|e| Some(e.num_reports)).collect::<Vec<_>>(),
                    true,
                )?,
                25 => numbers::<Int64Type>(
                    &mut col,
                    &rows
                        .iter()
                        .map(|e| Some(e.num_articles))
                        .collect::<Vec<_>>(),
                    true,
                )?,
                26 => numbers::<Int64Type>(
                    &mut col,
                    &rows.iter().map(|e| Some(e.num_sources)).collect::<Vec<_>>(),
                    true,
                )?,
                n => {
                    return Err(ExportError::Io(std::io::Error::other(format!(
                        "the Parquet schema has a column {n} casus does not fill"
                    ))))
                }
            }
            col.close()?;
            column += 1;
        }
        rg.close()?;
        self.drain(out)
    }
}

/// Hands the bytes written so far to `out`.
fn drain(sink: &Shared, out: &mut dyn Write) -> Result<()> {
    let bytes = std::mem::take(
        &mut *sink
            .0
            .lock()
            .map_err(|_| std::io::Error::other("parquet buffer poisoned"))?,
    );
    out.write_all(&bytes)?;
    Ok(())
}

type Col<'a> = parquet::file::writer::SerializedColumnWriter<'a>;

fn strings(col: &mut Col<'_>, values: &[Option<String>], required: bool) -> Result<()> {
    let present: Vec<ByteArray> = values
        .iter()
        .flatten()
        .map(|s| ByteArray::from(s.as_str()))
        .collect();
    let defs: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
    col.typed::<ByteArrayType>()
        .write_batch(&present, (!required).then_some(&defs[..]), None)?;
    Ok(())
}

fn numbers<T>(col: &mut Col<'_>, values: &[Option<T::T>], required: bool) -> Result<()>
where
    T: parquet::data_type::DataType,
    T::T: Clone,
{
    let present: Vec<T::T> = values.iter().flatten().cloned().collect();
    let defs: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
    col.typed::<T>()
        .write_batch(&present, (!required).then_some(&defs[..]), None)?;
    Ok(())
}
