//! `casus extract`: articles in, JSON Lines out, in input order, with
//! batches extracted in parallel.

use crate::input::{self, InputError, Job};
use anyhow::{Context as _, Result};
use casus_core::{Date, Extraction, Pipeline};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Articles per parallel batch: enough to keep every core busy, few
/// enough that memory stays flat on any corpus.
const BATCH: usize = 2048;

/// Runs extraction; returns the exit code (1 when some input failed).
pub fn run(
    p: &Pipeline,
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
    let mut out = BufWriter::new(out);
    let mut failed = 0usize;
    let mut batch: Vec<Job> = Vec::with_capacity(BATCH);
    let mut write_err: Option<std::io::Error> = None;
    let mut flush = |batch: &mut Vec<Job>, out: &mut BufWriter<Box<dyn Write>>| {
        let results: Vec<Extraction> = batch
            .par_iter()
            .map(|j| p.extract(j.meta.clone(), &j.bytes))
            .collect();
        for (job, ex) in batch.iter().zip(results) {
            for d in &ex.diagnostics {
                eprintln!("casus: warning: {}: {d}", job.origin);
            }
            for r in &ex.records {
                if let Err(e) = writeln!(out, "{}", r.to_json()) {
                    write_err.get_or_insert(e);
                }
            }
        }
        batch.clear();
    };
    for f in &files {
        let mut on_item = |item: Result<Job, InputError>| match item {
            Ok(job) => {
                batch.push(job);
                if batch.len() >= BATCH {
                    flush(&mut batch, &mut out);
                }
            }
            Err(e) => {
                eprintln!("casus: error: {e}");
                failed += 1;
            }
        };
        if let Err(e) = input::read(f, date, &mut on_item) {
            eprintln!("casus: error: {e:#}");
            failed += 1;
        }
    }
    flush(&mut batch, &mut out);
    if let Some(e) = write_err {
        return Err(e).context("writing records");
    }
    out.flush().context("writing records")?;
    if failed > 0 {
        eprintln!("casus: {failed} input(s) failed; the rest were extracted");
        return Ok(1);
    }
    Ok(0)
}
