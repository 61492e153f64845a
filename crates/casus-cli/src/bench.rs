//! `casus bench`: extraction throughput on a corpus built by repeating
//! real texts (shuffled), on one thread and on all cores, beside a floor
//! (one memchr pass over the bytes), with the time of each pipeline
//! stage and the peak memory.

use crate::input;
use anyhow::{Context as _, Result};
use casus_core::{ArticleMeta, Pipeline, Stage};
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
    shuffle(&mut corpus, 1);
    println!(
        "corpus: {} articles, {:.1} MB ({} unique texts, {:.2} MB, repeated and shuffled, seed 1)",
        corpus.len(),
        size as f64 / 1e6,
        texts.len(),
        unique as f64 / 1e6
    );
    // The floor: one pass over the bytes that does next to nothing.
    let t = Instant::now();
    let lines: usize = corpus
        .iter()
        .map(|(_, b)| memchr::memchr_iter(b'\n', b).count())
        .sum();
    let floor = t.elapsed().as_secs_f64();
    println!(
        "{:>10}: {:8.0} MB/s  (counting newlines with memchr: {lines} lines)",
        "floor",
        size as f64 / 1e6 / floor
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
    stages(p, &corpus);
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
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak memory: {:.0} MB (the corpus itself: {:.0} MB)",
            kb as f64 / 1024.0,
            size as f64 / 1e6
        );
    }
    Ok(())
}

/// One thread again, each stage timed by the pipeline's marks.
fn stages(p: &Pipeline, corpus: &[(ArticleMeta, Vec<u8>)]) {
    let mut spent = [0f64; Stage::ALL.len()];
    let t = Instant::now();
    for (m, b) in corpus {
        let mut last = Instant::now();
        p.extract_marked(m.clone(), b, &mut |stage| {
            let now = Instant::now();
            if let Some(i) = Stage::ALL.iter().position(|&s| s == stage) {
                spent[i] += (now - last).as_secs_f64();
            }
            last = now;
        });
    }
    let total = t.elapsed().as_secs_f64();
    let line: Vec<String> = Stage::ALL
        .iter()
        .zip(spent)
        .map(|(s, secs)| format!("{} {:.0}%", s.name(), 100.0 * secs / total))
        .collect();
    println!(
        "{:>10}: {} (1 thread, {total:.2} s with the marks)",
        "stages",
        line.join(", ")
    );
}

/// Fisher-Yates with a fixed xorshift: the same order every run.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut x = seed.max(1);
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

/// The process's peak resident memory (Linux's VmHWM), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
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
