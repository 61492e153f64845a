//! The `casus` binary: arguments and wiring only; the work is in
//! casus-core.

mod bench;
mod extract;
mod input;

use anyhow::{Context as _, Result};
use casus_core::{DataFiles, Date, Pipeline};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// casus: news articles in, structured event records out.
#[derive(Parser)]
#[command(name = "casus", version, about, long_about = None)]
struct Cli {
    /// Read the dictionaries from this data directory instead of the
    /// built-in copy.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract event records (JSON Lines) from articles: .txt files,
    /// .jsonl batches, directories of these, or - for standard input.
    Extract {
        /// Inputs.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write records here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Date for articles whose text gives none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// Threads to use (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Measure extraction speed (MB/s, articles/s) on a corpus built by
    /// repeating the given texts (default: the development set and, when
    /// present, ../shared's suites).
    Bench {
        /// Texts to build the corpus from.
        paths: Vec<PathBuf>,
        /// Corpus size in MB.
        #[arg(long, default_value_t = 20)]
        mb: usize,
        /// Threads for the parallel run (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Print the data sources and licences casus carries.
    About,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

fn pipeline(data: Option<&PathBuf>) -> Result<Pipeline> {
    let files = match data {
        None => DataFiles::builtin(),
        Some(dir) => DataFiles::from_reader(|name| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| format!("{}: {e}", dir.join(name).display()))
        })?,
    };
    Pipeline::new(&files).context("loading the dictionaries")
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("casus: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Extract {
            paths,
            output,
            date,
            jobs,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            set_threads(jobs)?;
            extract::run(&p, &paths, output.as_deref(), date)
        }
        Command::Bench { paths, mb, jobs } => {
            let t = std::time::Instant::now();
            let p = pipeline(cli.data.as_ref())?;
            println!(
                "loaded: dictionaries and gazetteer ({} places) in {:.1} ms",
                p.gazetteer.places.len(),
                t.elapsed().as_secs_f64() * 1000.0
            );
            bench::run(&p, &paths, mb, jobs)?;
            Ok(0)
        }
        Command::About => {
            print!("{}", include_str!("../../../NOTICE"));
            Ok(0)
        }
    }
}

fn set_threads(jobs: Option<usize>) -> Result<()> {
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("starting the thread pool")?;
    }
    Ok(())
}

/// Extraction allocates many small strings per article; mimalloc handles
/// that pattern markedly faster than the system allocator (see `casus
/// bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
