//! `casus bench`: extraction throughput on a corpus built by repeating
//! real texts in a shuffled order, on one thread and on all cores, beside
//! a floor (one memchr pass over the same bytes) and, when asked, a peer
//! (another program run on the same text), with the time of each pipeline
//! stage and the peak memory.
//!
//! The corpus is never held in memory: article `k` is the text that a
//! fixed hash of `k` picks among the unique texts, so the corpus can be
//! as large as asked while the memory stays that of the pipeline, and
//! every run (and every thread) sees the same articles in the same order.

use crate::input;
use anyhow::{bail, Context as _, Result};
use casus_core::{ArticleMeta, Pipeline, Stage};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What `casus bench` measures (its command-line arguments).
#[derive(clap::Args)]
pub struct Options {
    /// Texts to build the corpus from (default: the development set,
    /// the examples and ../shared's examples and suites).
    pub paths: Vec<PathBuf>,
    /// Corpus size in MB (10^6 bytes of article text).
    #[arg(long, default_value_t = 20)]
    pub mb: usize,
    /// Threads for the parallel run (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Only the floor and the parallel run (for a memory series).
    #[arg(long)]
    pub quick: bool,
    /// Write the corpus to this file as JSON Lines (the input of
    /// `casus extract`, and of the peer).
    #[arg(long, value_name = "FILE")]
    pub corpus_out: Option<PathBuf>,
    /// A peer to compare with, run on the same corpus as
    /// `CMD CORPUS --mb MB --processes N`; it prints a JSON report
    /// (see bench/spacy_ner.py). Needs --corpus-out.
    #[arg(long, value_name = "CMD")]
    pub peer: Option<String>,
    /// MB of the corpus the peer reads (it is far slower).
    #[arg(long, default_value_t = 1.0)]
    pub peer_mb: f64,
}

/// The default texts, where they exist.
const DEFAULT_PATHS: [&str; 5] = [
    "tests/golden/dev",
    "examples",
    "../shared/examples",
    "../shared/suites/plover_gsr/articles.jsonl",
    "../shared/suites/petrarch_unit/articles.jsonl",
];

/// A corpus of `count` articles drawn from `texts`.
struct Corpus {
    texts: Vec<(ArticleMeta, Vec<u8>)>,
    count: usize,
    bytes: usize,
}

impl Corpus {
    /// Draws articles until they hold at least `target` bytes.
    fn build(texts: Vec<(ArticleMeta, Vec<u8>)>, target: usize) -> Corpus {
        let mut c = Corpus {
            texts,
            count: 0,
            bytes: 0,
        };
        while c.bytes < target {
            c.bytes += c.text(c.count).len();
            c.count += 1;
        }
        c
    }

    /// The index of article `k`'s text (splitmix64 of `k`).
    fn pick(&self, k: usize) -> usize {
        let mut z = (k as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % self.texts.len() as u64) as usize
    }

    fn text(&self, k: usize) -> &[u8] {
        &self.texts[self.pick(k)].1
    }

    /// Article `k`: its text's metadata under an id of its own.
    fn article(&self, k: usize) -> (ArticleMeta, &[u8]) {
        let (m, b) = &self.texts[self.pick(k)];
        let mut meta = m.clone();
        meta.id = format!("{}~{k}", m.id);
        (meta, b)
    }

    /// Writes the articles as JSON Lines (`id`, `date`, `outlet`,
    /// `title`, `text`), the input of `casus extract`.
    fn write(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = BufWriter::new(file);
        for k in 0..self.count {
            let (m, b) = self.article(k);
            let line = serde_json::json!({
                "id": m.id,
                "date": m.date.map(|d| d.to_string()),
                "outlet": m.outlet,
                "title": m.title,
                "text": String::from_utf8_lossy(b),
            });
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
        out.flush()
            .with_context(|| format!("writing {}", path.display()))
    }
}

/// Runs the benchmark and prints its figures.
pub fn run(p: &Pipeline, o: &Options) -> Result<()> {
    if o.peer.is_some() && o.corpus_out.is_none() {
        bail!("--peer needs --corpus-out: the peer reads the corpus from that file");
    }
    let defaults: Vec<PathBuf> = DEFAULT_PATHS
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .collect();
    let paths = if o.paths.is_empty() {
        &defaults
    } else {
        &o.paths
    };
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
    let n_texts = texts.len();
    let corpus = Corpus::build(texts, o.mb * 1_000_000);
    println!(
        "corpus: {} articles, {:.1} MB, drawn from {n_texts} unique texts ({:.2} MB) repeated in a shuffled order",
        corpus.count,
        corpus.bytes as f64 / 1e6,
        unique as f64 / 1e6
    );
    if let Some(path) = &o.corpus_out {
        corpus.write(path)?;
        println!("corpus written to {}", path.display());
    }
    let size = corpus.bytes;
    // The floor: one pass over the same bytes that does next to nothing.
    let t = Instant::now();
    let lines: usize = (0..corpus.count)
        .map(|k| memchr::memchr_iter(b'\n', corpus.text(k)).count())
        .sum();
    let floor = size as f64 / 1e6 / t.elapsed().as_secs_f64();
    println!(
        "{:>10}: {floor:8.0} MB/s  (counting newlines with memchr: {lines} lines)",
        "floor"
    );
    let mut one = None;
    if !o.quick {
        let t = Instant::now();
        let events: usize = (0..corpus.count)
            .map(|k| {
                let (m, b) = corpus.article(k);
                p.extract(m, b).records.len()
            })
            .sum();
        one = Some(report(
            "1 thread",
            t.elapsed().as_secs_f64(),
            &corpus,
            events,
        ));
        stages(p, &corpus);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(
            o.jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        )
        .build()
        .context("starting the thread pool")?;
    let threads = pool.current_num_threads();
    let t = Instant::now();
    let events: usize = pool.install(|| {
        (0..corpus.count)
            .into_par_iter()
            .map(|k| {
                let (m, b) = corpus.article(k);
                p.extract(m, b).records.len()
            })
            .sum()
    });
    let all = report(
        &format!("{threads} threads"),
        t.elapsed().as_secs_f64(),
        &corpus,
        events,
    );
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak memory: {:.0} MB for a {:.0} MB corpus",
            kb as f64 / 1024.0,
            size as f64 / 1e6
        );
    }
    let mut ratios = vec![format!("{:.1}% of the floor", 100.0 * all / floor)];
    if let Some(one) = one {
        ratios.insert(0, format!("{:.1}% of the floor", 100.0 * one / floor));
    }
    if let (Some(cmd), Some(path)) = (&o.peer, &o.corpus_out) {
        for procs in [1, threads] {
            let peer = run_peer(cmd, path, o.peer_mb, procs)?;
            let casus = if procs == 1 { one } else { Some(all) };
            println!(
                "{:>10}: {:8.3} MB/s {:10.0} articles/s  ({}, {procs} process{}, {:.1} MB in {:.1} s, {} entities)",
                "peer",
                peer.mb_per_s(),
                peer.articles as f64 / peer.seconds,
                peer.name,
                if procs == 1 { "" } else { "es" },
                peer.bytes as f64 / 1e6,
                peer.seconds,
                peer.entities
            );
            if let Some(casus) = casus {
                ratios.push(format!(
                    "{:.0}x the peer on {procs} core{}",
                    casus / peer.mb_per_s(),
                    if procs == 1 { "" } else { "s" }
                ));
            }
            if threads == 1 {
                break;
            }
        }
    }
    println!("{:>10}: {}", "casus is", ratios.join(", "));
    Ok(())
}

/// One thread again, each stage timed by the pipeline's marks.
fn stages(p: &Pipeline, corpus: &Corpus) {
    let mut spent = [0f64; Stage::ALL.len()];
    let t = Instant::now();
    for k in 0..corpus.count {
        let (m, b) = corpus.article(k);
        let mut last = Instant::now();
        p.extract_marked(m, b, &mut |stage| {
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

/// What a peer reports: one JSON object on its last line of output.
#[derive(serde::Deserialize)]
struct PeerReport {
    name: String,
    articles: u64,
    bytes: u64,
    seconds: f64,
    entities: u64,
}

impl PeerReport {
    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds
    }
}

/// Runs `cmd CORPUS --mb MB --processes N` and reads its report.
fn run_peer(cmd: &str, corpus: &Path, mb: f64, processes: usize) -> Result<PeerReport> {
    let mut words = cmd.split_whitespace();
    let program = words.next().context("--peer is empty")?;
    let out = Command::new(program)
        .args(words)
        .arg(corpus)
        .args([
            "--mb",
            &mb.to_string(),
            "--processes",
            &processes.to_string(),
        ])
        .output()
        .with_context(|| format!("running the peer `{cmd}`"))?;
    if !out.status.success() {
        bail!(
            "the peer `{cmd}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    serde_json::from_str(last).with_context(|| {
        format!("the peer `{cmd}` printed no report (a JSON object on its last line): {last:?}")
    })
}

/// The process's peak resident memory (Linux's VmHWM), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints one run's figures and returns its MB/s.
fn report(label: &str, secs: f64, corpus: &Corpus, events: usize) -> f64 {
    let mb_s = corpus.bytes as f64 / 1e6 / secs;
    println!(
        "{label:>10}: {mb_s:8.2} MB/s {:10.0} articles/s {:10.0} events/s  ({secs:.2} s, {events} events)",
        corpus.count as f64 / secs,
        events as f64 / secs
    );
    mb_s
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| Path::display(p).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
