//! The `casus` binary: arguments and wiring only; the work is in
//! casus-core.

mod bench;
mod bench_serve;
mod bench_store;
mod chain;
mod dyad;
mod extract;
mod filter;
mod ingest;
mod input;
mod parse;

use anyhow::{Context as _, Result};
use casus_core::{DataFiles, Date, Pipeline};
use casus_export as export;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

/// casus: news articles in, structured event records out.
#[derive(Parser)]
#[command(name = "casus", version, about, long_about = None)]
struct Cli {
    /// Read the dictionaries from this data directory instead of the
    /// built-in copy.
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The store: a SQLite file, or a PostgreSQL URL
    /// (postgres://user@host/db).
    #[arg(long, global = true, env = "CASUS_DB", default_value = casus_store::DEFAULT_PATH)]
    db: String,
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
    /// Every place name read in articles (countries, divisions, towns,
    /// bases), each with the place it stands for, as JSON Lines: the
    /// geoparser on its own (docs/places.md).
    Places {
        /// Inputs: .txt files, .jsonl batches, directories, or -.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Threads to use (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// The part-of-speech tags and dependency tree of every sentence, as
    /// CoNLL-U (universal tags and relations; the model is trained on UD
    /// English EWT): over casus's own sentences and tokens, or over the
    /// words of a CoNLL-U file with --conllu
    Parse {
        /// Inputs: .txt files, .jsonl batches, directories, or -.
        #[arg(required_unless_present = "conllu")]
        paths: Vec<PathBuf>,
        /// Parse the words of this CoNLL-U file instead (its sentences and
        /// tokens kept; its analysis replaced).
        #[arg(long, conflicts_with = "paths")]
        conllu: Option<PathBuf>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Threads to use (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Measure extraction speed (MB/s, articles/s, events/s, each stage,
    /// peak memory) on a corpus that repeats the given texts in a shuffled
    /// order, beside a floor and, with --peer, another program.
    Bench(bench::Options),
    /// Extract and store articles: new ones are added, unchanged ones
    /// skipped, changed ones' reports replaced; reports of one event from
    /// several articles are merged.
    Ingest {
        /// Inputs: .txt files, .jsonl batches, directories, or -.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Date for articles whose text gives none (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// Articles per transaction.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
        batch: u64,
        /// Threads to use for extraction (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// No progress bar, even on a terminal.
        #[arg(long, short)]
        quiet: bool,
        /// Load everything in one transaction and group the events and
        /// build the query indexes once at the end: several times faster
        /// for a new store or an archive much larger than the store; a
        /// failed or killed run leaves the store as it was.
        #[arg(long)]
        bulk: bool,
        /// Seconds to wait while another process writes to the store
        /// (another ingest, or a server taking articles) before giving up.
        #[arg(long, default_value_t = 600, value_name = "SECS")]
        wait: u64,
    },
    /// Show what an event answers and what answers it, across articles,
    /// as a tree with dates, types, actors and tolls.
    Chain {
        /// The event's id (as `casus query` lists it).
        id: String,
        /// Steps to follow each way.
        #[arg(long, default_value_t = 10)]
        depth: usize,
        /// Print JSON (as GET /api/events/{id}/chain answers).
        #[arg(long)]
        json: bool,
    },
    /// The daily series of events between two sides (countries as
    /// ISO3 codes, or actors by name): counts by type, conflict and
    /// cooperation scores from the Goldstein values, deaths, drawn in
    /// the terminal.
    Dyad {
        /// One side: USA, or an actor's name.
        a: String,
        /// The other side.
        b: String,
        /// First day (YYYY-MM-DD; default: the first event).
        #[arg(long, value_parser = parse_date)]
        since: Option<Date>,
        /// Last day (default: the last event).
        #[arg(long, value_parser = parse_date)]
        until: Option<Date>,
        /// Print JSON (as GET /api/dyads answers).
        #[arg(long)]
        json: bool,
    },
    /// Days when a pair of countries escalates: a conflict score well
    /// above the pair's own recent baseline.
    Alerts {
        /// First day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        since: Option<Date>,
        /// Last day.
        #[arg(long, value_parser = parse_date)]
        until: Option<Date>,
        /// Days before a day that make its baseline.
        #[arg(long, default_value_t = 28)]
        window: usize,
        /// Standard deviations above the baseline's mean.
        #[arg(long, default_value_t = 3.0)]
        k: f64,
        /// The least conflict score that alerts (one armed assault is 10).
        #[arg(long, default_value_t = 10.0)]
        min_score: f64,
        /// Days of a pair's history before it can alert.
        #[arg(long, default_value_t = 14)]
        min_history: usize,
        /// One JSON object a line.
        #[arg(long)]
        json: bool,
    },
    /// Check the store: the database's own checks, and that every event
    /// is what its reports make (after a crash, a full disk or a restore).
    Check,
    /// List stored events, latest first.
    Query {
        #[command(flatten)]
        filter: filter::FilterArgs,
        /// At most this many events.
        #[arg(long, default_value_t = 50)]
        limit: u64,
        /// Output layout (default: a table on a terminal, else jsonl).
        #[arg(long, value_parser = formats(export::Format::lists))]
        format: Option<export::Format>,
    },
    /// Write out stored events for other tools (docs/export.md).
    Export {
        #[command(flatten)]
        filter: filter::FilterArgs,
        /// Output layout.
        #[arg(long, value_parser = formats(export::Format::exports))]
        format: export::Format,
        /// At most this many events.
        #[arg(long)]
        limit: Option<u64>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Count stored events by type, country and month.
    Stats {
        #[command(flatten)]
        filter: filter::FilterArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Measure a store: ingest throughput of generated events, then
    /// query latency (p50, p99) for the common filters.
    BenchStore {
        /// Events to generate.
        #[arg(long, default_value_t = 100_000)]
        events: usize,
        /// Articles per transaction.
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        /// Timed runs of each query.
        #[arg(long, default_value_t = 50)]
        runs: usize,
        /// Seed of the generator (another seed adds other articles).
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Articles in date order, as a feed or an archive arrives,
        /// instead of at random dates.
        #[arg(long)]
        chronological: bool,
        /// One bulk load (as `casus ingest --bulk`) instead of a
        /// transaction per batch.
        #[arg(long)]
        bulk: bool,
    },
    /// Load-test a running `casus serve`: many clients on connections of
    /// their own, mixing reads and (with the token) writes; requests/s,
    /// latency percentiles and errors by kind.
    BenchServe(bench_serve::Options),
    /// Serve the store over HTTP: a JSON API (docs/api.md) and a web
    /// page with a map, a timeline and the evidence of each event.
    Serve {
        /// Address to listen on; another host than 127.0.0.1 exposes
        /// the server to the network.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Bearer token that writes (POST /api/articles) need; without
        /// one, writes are refused.
        #[arg(long, env = "CASUS_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest request body, in bytes.
        #[arg(long, default_value_t = 4 << 20)]
        max_body: usize,
        /// Seconds a request may take.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Connections to the store.
        #[arg(long, default_value_t = 4)]
        connections: usize,
        /// Seconds a client may take to send a request's head, or a
        /// write's body; an idle connection is closed after them.
        #[arg(long, default_value_t = 10)]
        send_timeout: u64,
        /// Client connections open at once; more are answered 503.
        #[arg(long, default_value_t = 4096)]
        max_connections: usize,
        /// Milliseconds a read's answer is kept and given again for the
        /// same request (writes show after at most this long, or at once
        /// to a request with Cache-Control: no-cache); 0 keeps none.
        #[arg(long, default_value_t = 1000)]
        cache_ms: u64,
    },
    /// Print the data sources and licences casus carries.
    About,
}

/// The layouts of `casus_export::Format` that `which` accepts, by name,
/// for an argument: the list is casus-export's, not repeated here.
fn formats(
    which: fn(export::Format) -> bool,
) -> impl clap::builder::TypedValueParser<Value = export::Format> {
    use clap::builder::TypedValueParser as _;
    let names = export::Format::ALL
        .into_iter()
        .filter(move |&f| which(f))
        .map(export::Format::name);
    clap::builder::PossibleValuesParser::new(names)
        .try_map(|name| export::Format::parse(&name).ok_or("not a layout casus writes"))
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
    // A data directory may carry its own syntax model; else the built-in one.
    let model = data.map(|dir| dir.join(DataFiles::SYNTAX_MODEL));
    let files = match model.filter(|m| m.exists()) {
        Some(m) => files.with_syntax_model(
            std::fs::read(&m).with_context(|| format!("reading {}", m.display()))?,
        ),
        None => files,
    };
    Pipeline::new(&files).with_context(|| match data {
        Some(dir) => format!("loading the data in {}", dir.display()),
        None => "loading the dictionaries".to_string(),
    })
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`casus query | head`) is no error.
        Err(e) if is_broken_pipe(&e) => 0,
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
            extract::run(&p, extract::Output::Events, &paths, output.as_deref(), date)
        }
        Command::Places {
            paths,
            output,
            jobs,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            set_threads(jobs)?;
            extract::run(&p, extract::Output::Places, &paths, output.as_deref(), None)
        }
        Command::Parse {
            paths,
            conllu,
            output,
            jobs,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            if let Some(file) = conllu {
                return parse::run_conllu(&p, &file, output.as_deref());
            }
            p.syntax_model().context("loading the syntax model")?;
            set_threads(jobs)?;
            extract::run(&p, extract::Output::Parse, &paths, output.as_deref(), None)
        }
        Command::Bench(options) => {
            let t = std::time::Instant::now();
            let p = pipeline(cli.data.as_ref())?;
            println!(
                "loaded: dictionaries and gazetteer ({} places) in {:.1} ms",
                p.place_count(),
                t.elapsed().as_secs_f64() * 1000.0
            );
            // Extraction parses the sentences whose tolls need it: read the
            // model now, so the runs time extraction, not a one-off load.
            let t = std::time::Instant::now();
            p.syntax_model().context("loading the syntax model")?;
            println!(
                "loaded: syntax model in {:.1} ms",
                t.elapsed().as_secs_f64() * 1000.0
            );
            bench::run(&p, &options)?;
            Ok(0)
        }
        Command::Ingest {
            paths,
            date,
            batch,
            jobs,
            quiet,
            bulk,
            wait,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            set_threads(jobs)?;
            let mut store = open_store(&cli.db)?;
            let name = store.name().to_string();
            store.set_wait(casus_store::Wait {
                limit: std::time::Duration::from_secs(wait),
                notify: Some(Box::new(move || {
                    eprintln!(
                        "casus: another process is writing to {name}; \
                         waiting for it to finish (up to {wait} s, --wait)"
                    );
                })),
            });
            ingest::run(
                &p,
                &mut store,
                &ingest::Options {
                    paths,
                    date,
                    batch: usize::try_from(batch).unwrap_or(usize::MAX),
                    quiet,
                    bulk,
                },
            )
        }
        Command::Chain { id, depth, json } => {
            let mut store = open_store(&cli.db)?;
            chain::run(&mut store, &id, depth, json)?;
            Ok(0)
        }
        Command::Dyad {
            a,
            b,
            since,
            until,
            json,
        } => {
            let mut store = open_store(&cli.db)?;
            let (since, until) = (since.map(|d| d.to_string()), until.map(|d| d.to_string()));
            dyad::run_dyad(&mut store, &a, &b, since.as_deref(), until.as_deref(), json)?;
            Ok(0)
        }
        Command::Alerts {
            since,
            until,
            window,
            k,
            min_score,
            min_history,
            json,
        } => {
            let mut store = open_store(&cli.db)?;
            let (since, until) = (since.map(|d| d.to_string()), until.map(|d| d.to_string()));
            let rule = casus_store::dyad::Rule {
                window: window.max(1),
                k,
                min_score,
                min_history,
            };
            dyad::run_alerts(&mut store, since.as_deref(), until.as_deref(), &rule, json)?;
            Ok(0)
        }
        Command::Check => {
            let mut store = open_store(&cli.db)?;
            let t = std::time::Instant::now();
            let c = store
                .check()
                .with_context(|| format!("checking {}", store.name()))?;
            for p in &c.problems {
                println!("problem: {p}");
            }
            println!(
                "{}: {} in {:.1} s: {} checks ({}) on {} articles, {} reports, {} events",
                store.name(),
                if c.ok() {
                    "sound".to_string()
                } else {
                    format!("{} problems", c.problems.len())
                },
                t.elapsed().as_secs_f64(),
                c.checks.len(),
                c.checks.join(", "),
                c.articles,
                c.reports,
                c.events,
            );
            Ok(if c.ok() { 0 } else { 1 })
        }
        Command::Query {
            filter,
            limit,
            format,
        } => {
            let f = filter.filter(Some(limit))?;
            let mut store = open_store(&cli.db)?;
            let format = match format {
                Some(f) => f,
                None if std::io::stdout().is_terminal() => export::Format::Table,
                None => export::Format::Jsonl,
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            export::write(&mut store, None, &f, format, &mut out)?;
            Ok(0)
        }
        Command::Export {
            filter,
            format,
            limit,
            output,
        } => {
            let f = filter.filter(limit)?;
            let mut store = open_store(&cli.db)?;
            if format == export::Format::Parquet
                && output.is_none()
                && std::io::stdout().is_terminal()
            {
                anyhow::bail!("Parquet is binary: give -o FILE, or pipe the output");
            }
            // Country names for the ACLED layout.
            let p = match format {
                export::Format::AcledCsv => Some(pipeline(cli.data.as_ref())?),
                _ => None,
            };
            match &output {
                Some(path) => {
                    let n = export::to_file(path, |out| {
                        export::write(&mut store, p.as_ref(), &f, format, out)
                    })
                    .with_context(|| format!("exporting to {}", path.display()))?;
                    eprintln!("casus: wrote {n} events to {}", path.display());
                }
                None => {
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    export::write(&mut store, p.as_ref(), &f, format, &mut out)
                        .context("exporting to standard output")?;
                }
            }
            Ok(0)
        }
        Command::Stats { filter, json } => {
            let f = filter.filter(None)?;
            let mut store = open_store(&cli.db)?;
            let st = store
                .stats(&f)
                .with_context(|| format!("reading {}", store.name()))?;
            if json {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                writeln!(out, "{}", serde_json::to_string_pretty(&st)?)?;
            } else {
                print_stats(&st)?;
            }
            Ok(0)
        }
        Command::BenchStore {
            events,
            batch,
            runs,
            seed,
            chronological,
            bulk,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            let mut store = open_store(&cli.db)?;
            bench_store::run(
                &p,
                &mut store,
                &bench_store::Options {
                    events,
                    batch: batch.max(1),
                    runs: runs.max(1),
                    seed,
                    chronological,
                    bulk,
                },
            )?;
            Ok(0)
        }
        Command::Serve {
            addr,
            token,
            max_body,
            timeout,
            connections,
            send_timeout,
            max_connections,
            cache_ms,
        } => {
            let p = pipeline(cli.data.as_ref())?;
            let config = casus_server::Config {
                db: cli.db.clone(),
                token,
                max_body,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                send_timeout: std::time::Duration::from_secs(send_timeout.max(1)),
                max_connections,
                cache_ttl: std::time::Duration::from_millis(cache_ms),
                connections,
            };
            let writable = config.token.as_deref().is_some_and(|t| !t.is_empty());
            let app = casus_server::App::open(config, p)
                .with_context(|| format!("opening the store {}", shown(&cli.db)))?;
            let name = app.name.clone();
            if !addr.ip().is_loopback() {
                eprintln!(
                    "casus: warning: listening on {addr} exposes the store to the network; \
                     serve TLS through a proxy in front"
                );
            }
            casus_server::run(app, addr, |at| {
                eprintln!(
                    "casus: serving {name} at http://{at}/ ({}); Ctrl-C stops",
                    if writable {
                        "writes allowed with the token"
                    } else {
                        "read only: no token"
                    }
                );
            })
            .with_context(|| format!("serving at {addr}"))?;
            Ok(0)
        }
        Command::BenchServe(options) => {
            bench_serve::run(&options)?;
            Ok(0)
        }
        Command::About => {
            print!("{}", include_str!("../../../NOTICE"));
            Ok(0)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The store as named in messages: a PostgreSQL URL may hold a password.
fn shown(db: &str) -> String {
    if casus_store::is_postgres(db) {
        "the PostgreSQL database".to_string()
    } else {
        db.to_string()
    }
}

fn open_store(db: &str) -> Result<casus_store::Store> {
    casus_store::Store::open(db).with_context(|| format!("opening the store {}", shown(db)))
}

fn print_stats(st: &casus_store::Stats) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "{} events from {} reports in {} articles",
        st.events, st.reports, st.articles
    )?;
    for (title, rows) in [
        ("by type", &st.by_type),
        ("by country (location)", &st.by_country),
        ("by month", &st.by_month),
    ] {
        writeln!(out, "\n{title}:")?;
        let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (k, n) in rows {
            writeln!(out, "  {k:<w$}  {n:>8}")?;
        }
    }
    out.flush()
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
