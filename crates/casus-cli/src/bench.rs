//! `casus bench`: extraction throughput on a corpus built by repeating
//! real texts, on one thread and on all cores.

use crate::input;
use anyhow::{Context as _, Result};
use casus_core::{ArticleMeta, Pipeline};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the benchmark and prints its figures.
pub fn run(p: &Pipeline, paths: &[PathBuf], mb: usize, jobs: Option<usize>) -> Result<()> {
    let defaults: Vec<PathBuf> = [
        "tests/golden/dev",
        "../shared/suites/plover_gsr/articles.jsonl",
        "../shared/suites/petrarch_unit/articles.jsonl",
        "../shared/examples",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|p| p.exists())
    .collect();
    let paths = if paths.is_empty() { &defaults } else { paths };
    let mut texts: Vec<(ArticleMeta, Vec<u8>)> = Vec::new();
    for f in input::expand(paths)? {
        input::read(&f, None, &mut |j| {
            if let Ok(j) = j {
                texts.push((j.meta, j.bytes));
            }
        })?;
    }
    anyhow::ensure!(
        !texts.is_empty(),
        "no texts to build a corpus from in {}",
        show(paths)
    );
    let unique: usize = texts.iter().map(|t| t.1.len()).sum();
    let target = mb * 1_000_000;
    let mut corpus = Vec::new();
    let mut size = 0;
    let mut k = 0usize;
    while size < target {
        let (m, b) = &texts[k % texts.len()];
        let mut meta = m.clone();
        meta.id = format!("{}~{}", meta.id, k / texts.len());
        size += b.len();
        corpus.push((meta, b.clone()));
        k += 1;
    }
    println!(
        "corpus: {} articles, {:.1} MB ({} unique texts, {:.2} MB, repeated in order)",
        corpus.len(),
        size as f64 / 1e6,
        texts.len(),
        unique as f64 / 1e6
    );
    let t = Instant::now();
    let events: usize = corpus
        .iter()
        .map(|(m, b)| p.extract(m.clone(), b).records.len())
        .sum();
    report(
        "1 thread",
        t.elapsed().as_secs_f64(),
        size,
        corpus.len(),
        events,
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(
            jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        )
        .build()
        .context("starting the thread pool")?;
    let t = Instant::now();
    let events: usize = pool.install(|| {
        corpus
            .par_iter()
            .map(|(m, b)| p.extract(m.clone(), b).records.len())
            .sum()
    });
    report(
        &format!("{} threads", pool.current_num_threads()),
        t.elapsed().as_secs_f64(),
        size,
        corpus.len(),
        events,
    );
    Ok(())
}

fn report(label: &str, secs: f64, bytes: usize, articles: usize, events: usize) {
    println!(
        "{label:>10}: {:8.2} MB/s {:10.0} articles/s {:10.0} events/s  ({secs:.2} s, {events} events)",
        bytes as f64 / 1e6 / secs,
        articles as f64 / secs,
        events as f64 / secs
    );
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| Path::display(p).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
