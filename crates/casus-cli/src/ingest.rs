//! `casus ingest`: articles in, stored: extracted in parallel, written a
//! batch per transaction, unchanged articles skipped.
//!
//! Crash safety follows from the store: a batch is one transaction, so a
//! killed run leaves whole batches; a re-run finds those articles
//! unchanged (same content hash) and stores the rest, and merging depends
//! only on the set of reports, so the result equals a clean run. With
//! `--bulk` the whole run is one transaction (a bulk load): a killed run
//! leaves the store as it was.

use crate::input::{self, InputError, Job};
use anyhow::{Context as _, Result};
use casus_core::{Date, Pipeline};
use casus_store::bulk::Load;
use casus_store::{ArticleIn, IngestSummary, Store};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `casus ingest`.
pub struct Options {
    /// Inputs.
    pub paths: Vec<PathBuf>,
    /// Date for articles whose text gives none.
    pub date: Option<Date>,
    /// Articles per transaction.
    pub batch: usize,
    /// Never show a progress bar.
    pub quiet: bool,
    /// One bulk load instead of a transaction per batch.
    pub bulk: bool,
}

/// Runs the ingest; returns the exit code (1 when some input failed).
pub fn run(p: &Pipeline, store: &mut Store, o: &Options) -> Result<i32> {
    let files = input::expand(&o.paths)?;
    let started = Instant::now();
    let bar = progress(o.quiet);
    let mut sum = IngestSummary::default();
    let mut batch: Vec<Job> = Vec::with_capacity(o.batch);
    let mut error: Option<anyhow::Error> = None;
    let name = store.name().to_string();
    let mut load = store
        .load(o.bulk)
        .with_context(|| format!("beginning a bulk load of {name}"))?;
    let mut flush = |batch: &mut Vec<Job>, sum: &mut IngestSummary| -> Result<()> {
        let done = store_batch(p, &mut load, &name, batch)?;
        sum.add(&done);
        batch.clear();
        if let Some(b) = &bar {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            let seen = sum.new + sum.unchanged + sum.updated;
            b.set_message(format!(
                "{seen} articles ({:.0}/s), {} reports, {} failed",
                seen as f64 / secs,
                sum.reports,
                sum.failed
            ));
        }
        Ok(())
    };
    for f in &files {
        let mut on_item = |item: Result<Job, InputError>| {
            if error.is_some() {
                return;
            }
            match item {
                Ok(job) => {
                    batch.push(job);
                    if batch.len() >= o.batch {
                        if let Err(e) = flush(&mut batch, &mut sum) {
                            error = Some(e);
                        }
                    }
                }
                Err(e) => {
                    report_line(&bar, &format!("casus: error: {e} (skipped)"));
                    sum.failed += 1;
                }
            }
        };
        if let Err(e) = input::read(f, o.date, &mut on_item) {
            report_line(&bar, &format!("casus: error: {e:#}"));
            sum.failed += 1;
        }
        if let Some(e) = error.take() {
            return Err(e);
        }
    }
    flush(&mut batch, &mut sum)?;
    if o.bulk {
        if let Some(b) = &bar {
            b.set_message(format!(
                "{} reports: grouping events, building indexes",
                sum.reports
            ));
        }
    }
    load.finish()
        .with_context(|| format!("finishing the load of {name}"))?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if sum.new + sum.updated > 0 {
        store
            .optimize()
            .with_context(|| format!("updating the statistics of {}", store.name()))?;
    }
    let totals = store.totals().context("counting the store")?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let seen = sum.new + sum.unchanged + sum.updated;
    eprintln!(
        "casus: ingested {seen} articles into {} in {secs:.1} s ({:.0} articles/s): \
         {} new, {} unchanged, {} updated, {} failed; {} reports written; \
         the store holds {} articles, {} reports, {} events",
        store.name(),
        seen as f64 / secs,
        sum.new,
        sum.unchanged,
        sum.updated,
        sum.failed,
        sum.reports,
        totals.articles,
        totals.reports,
        totals.events,
    );
    Ok(if sum.failed > 0 { 1 } else { 0 })
}

/// Extracts the changed articles of `jobs` and stores them in one
/// transaction.
fn store_batch(
    p: &Pipeline,
    load: &mut Load<'_>,
    name: &str,
    jobs: &[Job],
) -> Result<IngestSummary> {
    if jobs.is_empty() {
        return Ok(IngestSummary::default());
    }
    let ids: Vec<&str> = jobs.iter().map(|j| j.meta.id.as_str()).collect();
    let known = load
        .hashes(&ids)
        .with_context(|| format!("reading {name}"))?;
    // Decode and hash each; extract only what changed.
    let articles: Vec<(bool, ArticleIn)> = jobs
        .par_iter()
        .map(|j| {
            let (text, _) = casus_core::decode(&j.bytes);
            let mut a = ArticleIn::new(&j.meta, j.url.clone(), text);
            let unchanged = known.get(&j.meta.id) == Some(&a.content_hash());
            if !unchanged {
                a.records = p.extract_text(j.meta.clone(), &a.text).records;
            }
            (unchanged, a)
        })
        .collect();
    let skipped = articles.iter().filter(|a| a.0).count() as u64;
    let changed: Vec<ArticleIn> = articles.into_iter().filter(|a| !a.0).map(|a| a.1).collect();
    let mut sum = load
        .ingest(&changed)
        .with_context(|| format!("writing to {name}"))?;
    sum.unchanged += skipped;
    Ok(sum)
}

/// A progress line on standard error when it is a terminal.
fn progress(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let b = indicatif::ProgressBar::new_spinner();
    b.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    b.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(b)
}

/// Prints a line above the progress bar, or plainly.
fn report_line(bar: &Option<indicatif::ProgressBar>, line: &str) {
    match bar {
        Some(b) => b.println(line),
        None => eprintln!("{line}"),
    }
}
