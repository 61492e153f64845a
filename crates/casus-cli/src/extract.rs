//! `casus extract` and `casus places`: articles in, JSON Lines out (event
//! records, or every place name read in the text), in input order, with
//! batches extracted in parallel.
//!
//! The one thread that reads only splits the input into items (lines of
//! JSON, text files); parsing each item, extracting it and writing its
//! records as JSON all run on the worker threads, and the reading thread
//! then writes the bytes of each batch in input order. (Parsing and
//! serialising on the reading thread left a second core half idle.)

use crate::input::{self, InputError, Origin, RawItem};
use anyhow::{Context as _, Result};
use casus_core::{Date, Pipeline};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Articles per parallel batch: enough to keep every core busy, few
/// enough that memory stays flat on any corpus.
const BATCH: usize = 2048;

/// What a run writes for each article.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// Event records (`casus extract`).
    Events,
    /// Place names with the place each stands for (`casus places`).
    Places,
    /// Sentences with their tags and trees, as CoNLL-U (`casus parse`).
    Parse,
}

/// Runs extraction; returns the exit code (1 when some input failed).
pub fn run(
    p: &Pipeline,
    what: Output,
    paths: &[PathBuf],
    output: Option<&Path>,
    date: Option<Date>,
) -> Result<i32> {
    let files = input::expand(paths)?;
    let out: Box<dyn Write> = match output {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let dest = output.map_or_else(|| "standard output".into(), |p| p.display().to_string());
    let mut out = BufWriter::new(out);
    let mut failed = 0usize;
    let mut batch: Vec<RawItem> = Vec::with_capacity(BATCH);
    // Writes the records of a batch in order; a write that fails (a full
    // disk, a closed pipe) ends the run, since nothing more can go out.
    let flush = |batch: &mut Vec<RawItem>,
                 out: &mut BufWriter<Box<dyn Write>>,
                 failed: &mut usize|
     -> std::io::Result<()> {
        let done: Vec<Done> = batch
            .par_drain(..)
            .map(|item| extract_one(p, what, item))
            .collect();
        for d in done {
            match d {
                Done::Records {
                    origin,
                    json,
                    diagnostics,
                } => {
                    for d in &diagnostics {
                        eprintln!("casus: warning: {origin}: {d}");
                    }
                    out.write_all(&json)?;
                }
                Done::Failed(e) => {
                    eprintln!("casus: error: {e}");
                    *failed += 1;
                }
            }
        }
        Ok(())
    };
    let mut write_err: Option<std::io::Error> = None;
    for f in &files {
        let mut on_item = |item: RawItem| {
            if write_err.is_some() {
                return;
            }
            batch.push(item);
            if batch.len() >= BATCH {
                if let Err(e) = flush(&mut batch, &mut out, &mut failed) {
                    write_err = Some(e);
                }
            }
        };
        if let Err(e) = input::read_raw(f, date, &mut on_item) {
            eprintln!("casus: error: {e:#}");
            failed += 1;
        }
        if write_err.is_some() {
            break;
        }
    }
    if let Some(e) = write_err {
        return Err(e).with_context(|| format!("writing records to {dest}"));
    }
    flush(&mut batch, &mut out, &mut failed)
        .and_then(|()| out.flush())
        .with_context(|| format!("writing records to {dest}"))?;
    if failed > 0 {
        eprintln!("casus: {failed} input(s) failed; the rest were extracted");
        return Ok(1);
    }
    Ok(0)
}

/// One item's outcome: its records as JSON Lines, or why it has none.
enum Done {
    Records {
        origin: Origin,
        json: Vec<u8>,
        diagnostics: Vec<casus_core::Diagnostic>,
    },
    Failed(InputError),
}

/// Parses, extracts and serialises one item (on a worker thread).
fn extract_one(p: &Pipeline, what: Output, item: RawItem) -> Done {
    let job = match item.parse() {
        Ok(job) => job,
        Err(e) => return Done::Failed(e),
    };
    let mut json = Vec::new();
    let diagnostics = match what {
        Output::Events => {
            let ex = p.extract(job.meta, &job.bytes);
            for r in &ex.records {
                json.extend_from_slice(r.to_json().as_bytes());
                json.push(b'\n');
            }
            ex.diagnostics
        }
        Output::Parse => {
            let id = job.meta.id.clone();
            match p.parse(job.meta, &job.bytes) {
                Ok((sentences, diagnostics)) => {
                    json = crate::parse::conllu(&id, &sentences).into_bytes();
                    diagnostics
                }
                // `casus parse` reads the model before it starts.
                Err(_) => Vec::new(),
            }
        }
        Output::Places => {
            let (places, diagnostics) = p.places(job.meta, &job.bytes);
            for r in &places {
                json.extend_from_slice(r.to_json().as_bytes());
                json.push(b'\n');
            }
            diagnostics
        }
    };
    Done::Records {
        origin: job.origin,
        json,
        diagnostics,
    }
}
