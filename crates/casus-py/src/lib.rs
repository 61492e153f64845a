//! `casus._casus`, the extension module of the Python package: the
//! pipeline and the store, with the GIL released while they work. The
//! package's Python side (python/casus/__init__.py) turns what this
//! module answers (records and events as JSON text, parsed once by
//! Python's C JSON reader) into dicts, tables and data frames.
//!
//! Articles come in as items: `(origin, default_id, is_json, body)`,
//! where `origin` names the item in errors ("articles.jsonl:12",
//! "articles[3]"), `default_id` is its id when the JSON gives none, and
//! `body` is one JSON article (`{"id", "date", "outlet", "title", "url",
//! "text"}`, read as `casus ingest` reads a JSON Lines line) or a plain
//! text.

use casus_core::{decode, ArticleMeta, Date, JsonArticle, Pipeline};
use casus_export::Format;
use casus_store::params::FilterText;
use casus_store::{ArticleIn, Cursor, IngestSummary};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

create_exception!(
    _casus,
    CasusError,
    PyValueError,
    "Bad input: an article, a date, a filter or a format casus cannot read."
);
create_exception!(
    _casus,
    StoreError,
    PyRuntimeError,
    "The store could not be opened, read or written."
);

/// An article as the Python side hands it over (its body as `bytes`,
/// read without a copy).
type Item = (String, String, bool, PyBackedBytes);

/// The items that are no article: `(index, message)`.
type Errors = Vec<(usize, String)>;

/// Articles per store transaction, as `casus ingest` writes them.
const BATCH: usize = 2048;

/// The built-in pipeline, loaded once per process.
fn pipeline() -> PyResult<&'static Pipeline> {
    static P: OnceLock<Result<Pipeline, String>> = OnceLock::new();
    P.get_or_init(|| Pipeline::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("loading casus's data: {e}")))
}

/// A date argument, checked.
fn date_arg(name: &str, value: Option<&str>) -> PyResult<Option<Date>> {
    match value {
        None => Ok(None),
        Some(s) => Date::parse_iso(s)
            .map(Some)
            .ok_or_else(|| CasusError::new_err(format!("{name} {s:?} is not YYYY-MM-DD"))),
    }
}

/// A thread pool of `jobs` threads (the global one when `None`), kept
/// for later calls.
fn pool(jobs: Option<usize>) -> PyResult<Option<Arc<rayon::ThreadPool>>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let Some(n) = jobs else {
        return Ok(None);
    };
    if n == 0 {
        return Err(CasusError::new_err("jobs must be at least 1"));
    }
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .map_err(|_| PyRuntimeError::new_err("casus's thread pools are poisoned"))?;
    if let Some(p) = pools.get(&n) {
        return Ok(Some(p.clone()));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("casus-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("starting {n} threads: {e}")))?;
    let p = Arc::new(p);
    pools.insert(n, p.clone());
    Ok(Some(p))
}

/// Runs `f` in `pool`, or in the global pool.
fn run_in<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// An item read as an article: what the pipeline is told, the text and
/// the URL; or why it is none, naming the item.
fn parse_item(
    item: &Item,
    fallback: Option<Date>,
) -> Result<(ArticleMeta, String, Option<String>), String> {
    let (origin, id, json, body) = item;
    if !*json {
        let meta = ArticleMeta {
            id: id.clone(),
            fallback_date: fallback,
            ..Default::default()
        };
        // Decoded as `casus extract` decodes a file: any encoding.
        return Ok((meta, decode(body).0, None));
    }
    let a = JsonArticle::parse(body).map_err(|e| format!("{origin}: {e}"))?;
    let meta = a.meta(id, fallback);
    // As `casus ingest` reads it.
    let text = decode(a.text.as_bytes()).0;
    Ok((meta, text, a.url))
}

/// The records of one extraction as a JSON array.
fn records_json(records: &[casus_core::record::Record]) -> String {
    let mut out = String::from("[");
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&r.to_json());
    }
    out.push(']');
    out
}

/// `extract(text, date=None, article_id=None, title=None, outlet=None)`:
/// the records of one article as a JSON array.
#[pyfunction]
#[pyo3(signature = (text, date=None, article_id=None, title=None, outlet=None))]
fn extract(
    py: Python<'_>,
    text: &str,
    date: Option<&str>,
    article_id: Option<&str>,
    title: Option<&str>,
    outlet: Option<&str>,
) -> PyResult<String> {
    let p = pipeline()?;
    let meta = ArticleMeta {
        id: article_id.unwrap_or("article").to_string(),
        date: date_arg("date", date)?,
        title: title.map(String::from),
        outlet: outlet.map(String::from),
        ..Default::default()
    };
    Ok(py.detach(|| records_json(&p.extract_text(meta, text).records)))
}

/// `extract_items(items, jobs=None, date=None)`: each item's records as a
/// JSON array (`None` for an item that is no article), and the errors as
/// `(index, message)`, in input order. Extracts on `jobs` threads.
#[pyfunction]
#[pyo3(signature = (items, jobs=None, date=None))]
fn extract_items(
    py: Python<'_>,
    items: Vec<Item>,
    jobs: Option<usize>,
    date: Option<&str>,
) -> PyResult<(Vec<Option<String>>, Errors)> {
    let p = pipeline()?;
    let fallback = date_arg("date", date)?;
    let pool = pool(jobs)?;
    let done: Vec<Result<String, String>> = py.detach(|| {
        run_in(pool.as_deref(), || {
            items
                .par_iter()
                .map(|item| {
                    let (meta, text, _) = parse_item(item, fallback)?;
                    Ok(records_json(&p.extract_text(meta, &text).records))
                })
                .collect()
        })
    });
    let mut out = Vec::with_capacity(done.len());
    let mut errors = Vec::new();
    for (i, d) in done.into_iter().enumerate() {
        match d {
            Ok(json) => out.push(Some(json)),
            Err(e) => {
                out.push(None);
                errors.push((i, e));
            }
        }
    }
    Ok((out, errors))
}

/// `extract_jsonl(items, jobs=None, date=None)`: the records of all items
/// as JSON Lines (one record a line, in input order), for a reader that
/// parses JSON in bulk (Arrow's), and the errors as `(index, message)`.
#[pyfunction]
#[pyo3(signature = (items, jobs=None, date=None))]
fn extract_jsonl<'py>(
    py: Python<'py>,
    items: Vec<Item>,
    jobs: Option<usize>,
    date: Option<&str>,
) -> PyResult<(Bound<'py, PyBytes>, Errors)> {
    let p = pipeline()?;
    let fallback = date_arg("date", date)?;
    let pool = pool(jobs)?;
    let done: Vec<Result<Vec<u8>, String>> = py.detach(|| {
        run_in(pool.as_deref(), || {
            items
                .par_iter()
                .map(|item| {
                    let (meta, text, _) = parse_item(item, fallback)?;
                    let mut out = Vec::new();
                    for r in p.extract_text(meta, &text).records {
                        out.extend_from_slice(r.to_json().as_bytes());
                        out.push(b'\n');
                    }
                    Ok(out)
                })
                .collect()
        })
    });
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for (i, d) in done.into_iter().enumerate() {
        match d {
            Ok(lines) => all.extend_from_slice(&lines),
            Err(e) => errors.push((i, e)),
        }
    }
    Ok((PyBytes::new(py, &all), errors))
}

/// A store: SQLite (a file path) or PostgreSQL (a `postgres://` URL).
#[pyclass(name = "Store", module = "casus._casus")]
struct PyStore {
    store: Mutex<Option<casus_store::Store>>,
    name: String,
}

/// A store error as the exception Python sees.
fn store_err(name: &str, what: &str, e: impl std::fmt::Display) -> PyErr {
    StoreError::new_err(format!("{what} {name}: {e}"))
}

impl PyStore {
    /// Runs `f` on the open store, the GIL released.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut casus_store::Store) -> PyResult<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let mut guard = self
                .store
                .lock()
                .map_err(|_| StoreError::new_err(format!("{}: a call failed midway", self.name)))?;
            let store = guard
                .as_mut()
                .ok_or_else(|| StoreError::new_err(format!("{} is closed", self.name)))?;
            f(store)
        })
    }
}

/// The filter of `casus query` from keyword arguments (each a string;
/// `type` and `mode` may hold several separated by commas).
fn filter_of(f: HashMap<String, String>, limit: Option<u64>) -> PyResult<casus_store::Filter> {
    let mut t = FilterText::default();
    for (k, v) in f {
        match k.as_str() {
            "type" => t.types.push(v),
            "mode" => t.modes.push(v),
            "country" => t.country = Some(v),
            "actor" => t.actor = Some(v),
            "since" => t.since = Some(v),
            "until" => t.until = Some(v),
            "bbox" => t.bbox = Some(v),
            "min_fatalities" => t.min_fatalities = Some(v),
            "text" => t.text = Some(v),
            _ => {
                return Err(CasusError::new_err(format!(
                    "{k}: no such filter (type, mode, country, actor, since, until, bbox, \
                     min_fatalities, text)"
                )))
            }
        }
    }
    let mut filter = t.check().map_err(|e| CasusError::new_err(e.to_string()))?;
    filter.limit = limit;
    Ok(filter)
}

#[pymethods]
impl PyStore {
    /// Opens (or creates) the store at `spec`; a write that finds another
    /// process writing waits for it up to `wait` seconds.
    #[new]
    #[pyo3(signature = (spec, wait=600.0))]
    fn new(py: Python<'_>, spec: &str, wait: f64) -> PyResult<PyStore> {
        let limit = std::time::Duration::try_from_secs_f64(wait)
            .map_err(|_| CasusError::new_err(format!("wait {wait}: seconds, 0 or more")))?;
        let owned = spec.to_string();
        let mut store = py
            .detach(|| casus_store::Store::open(&owned))
            .map_err(|e| store_err(spec, "opening", e))?;
        store.set_wait(casus_store::Wait {
            limit,
            notify: None,
        });
        Ok(PyStore {
            name: store.name().to_string(),
            store: Mutex::new(Some(store)),
        })
    }

    /// The store's name: its file, or its URL without the password.
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    /// Extracts the items and stores them, a transaction per 2,048
    /// articles; articles stored before with the same text are skipped.
    /// Returns the counts (new, unchanged, updated, failed, reports) and
    /// the errors as `(index, message)`.
    #[pyo3(signature = (items, jobs=None, date=None))]
    fn ingest_items(
        &self,
        py: Python<'_>,
        items: Vec<Item>,
        jobs: Option<usize>,
        date: Option<&str>,
    ) -> PyResult<(HashMap<String, u64>, Errors)> {
        let p = pipeline()?;
        let fallback = date_arg("date", date)?;
        let pool = pool(jobs)?;
        let name = self.name.clone();
        self.with(py, |store| {
            let mut sum = IngestSummary::default();
            let mut errors = Vec::new();
            for (b, chunk) in items.chunks(BATCH).enumerate() {
                let parsed: Vec<_> = chunk.iter().map(|i| parse_item(i, fallback)).collect();
                let mut jobs = Vec::new();
                for (k, r) in parsed.into_iter().enumerate() {
                    match r {
                        Ok(j) => jobs.push(j),
                        Err(e) => {
                            sum.failed += 1;
                            errors.push((b * BATCH + k, e));
                        }
                    }
                }
                let ids: Vec<&str> = jobs.iter().map(|j| j.0.id.as_str()).collect();
                let known = store
                    .hashes(&ids)
                    .map_err(|e| store_err(&name, "reading", e))?;
                let articles: Vec<(bool, ArticleIn)> = run_in(pool.as_deref(), || {
                    jobs.into_par_iter()
                        .map(|(meta, text, url)| {
                            let mut a = ArticleIn::new(&meta, url, text);
                            let unchanged = known.get(&meta.id) == Some(&a.content_hash());
                            if !unchanged {
                                a.records = p.extract_text(meta, &a.text).records;
                            }
                            (unchanged, a)
                        })
                        .collect()
                });
                sum.unchanged += articles.iter().filter(|a| a.0).count() as u64;
                let changed: Vec<ArticleIn> =
                    articles.into_iter().filter(|a| !a.0).map(|a| a.1).collect();
                let s = store
                    .ingest(&changed)
                    .map_err(|e| store_err(&name, "writing to", e))?;
                sum.add(&s);
            }
            let counts = HashMap::from([
                ("new".to_string(), sum.new),
                ("unchanged".to_string(), sum.unchanged),
                ("updated".to_string(), sum.updated),
                ("failed".to_string(), sum.failed),
                ("reports".to_string(), sum.reports),
            ]);
            Ok((counts, errors))
        })
    }

    /// The events that pass `filter`, latest first, at most `limit`
    /// (all when `None`), each as JSON (the fields of `casus query
    /// --format jsonl`).
    #[pyo3(signature = (filter, limit=None))]
    fn query(
        &self,
        py: Python<'_>,
        filter: HashMap<String, String>,
        limit: Option<u64>,
    ) -> PyResult<Vec<String>> {
        let mut f = filter_of(filter, None)?;
        let name = self.name.clone();
        self.with(py, |store| {
            let mut out = Vec::new();
            // A page at a time, as the CLI reads.
            loop {
                let want = match limit {
                    Some(l) if l <= out.len() as u64 => break,
                    Some(l) => (l - out.len() as u64).min(1000),
                    None => 1000,
                };
                f.limit = Some(want);
                let mut page = Vec::new();
                store
                    .events(&f, &mut |e| {
                        page.push(e);
                        Ok(())
                    })
                    .map_err(|e| store_err(&name, "reading", e))?;
                let Some(last) = page.last() else { break };
                f.after = Some(Cursor::after(last));
                let n = page.len() as u64;
                for e in &page {
                    out.push(
                        serde_json::to_string(e)
                            .map_err(|e| StoreError::new_err(format!("writing JSON: {e}")))?,
                    );
                }
                if n < want {
                    break;
                }
            }
            Ok(out)
        })
    }

    /// Writes the events that pass `filter` to `path` in `format` (the
    /// layouts of `casus export`), whole or not at all; returns how many.
    #[pyo3(signature = (path, format, filter, limit=None))]
    fn export(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        format: &str,
        filter: HashMap<String, String>,
        limit: Option<u64>,
    ) -> PyResult<u64> {
        let fmt = Format::parse(format)
            .filter(|f| *f != Format::Table)
            .ok_or_else(|| {
                CasusError::new_err(format!(
                    "format {format:?}: one of jsonl, csv, acled-csv, gdelt-tsv, geojson, parquet"
                ))
            })?;
        let f = filter_of(filter, limit)?;
        let p = pipeline()?;
        self.with(py, |store| {
            casus_export::to_file(&path, |out| {
                casus_export::write(store, Some(p), &f, fmt, out)
            })
            .map_err(|e| StoreError::new_err(format!("exporting to {}: {e}", path.display())))
        })
    }

    /// Closes the store; later calls raise `StoreError`.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| {
            if let Ok(mut s) = self.store.lock() {
                s.take();
            }
        });
        Ok(())
    }
}

/// The extension module.
#[pymodule]
fn _casus(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_items, m)?)?;
    m.add_function(wrap_pyfunction!(extract_jsonl, m)?)?;
    m.add_class::<PyStore>()?;
    m.add("CasusError", m.py().get_type::<CasusError>())?;
    m.add("StoreError", m.py().get_type::<StoreError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
