//! Nothing is lost: `casus ingest` killed with SIGKILL at random
//! moments (SQLite and PostgreSQL, a transaction per batch and one bulk
//! load), a disk that fills up, and two ingests into one store at once.
//! After each, `casus check` must find the store sound, and finishing the
//! ingest must give exactly what one clean run gives.
//!
//! `CASUS_KILLS` sets how many kills each backend and mode gets (4 by
//! default; RELIABILITY.md gives the long run's), and `CASUS_KILL_SEED`
//! replays the moments of a failed run.

mod common;

use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How many runs each backend and mode has killed.
fn kills_wanted() -> usize {
    std::env::var("CASUS_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// A small random generator (xorshift) seeded from the clock or
/// CASUS_KILL_SEED, printed so that a failure can be replayed.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed = std::env::var("CASUS_KILL_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        eprintln!("CASUS_KILL_SEED={seed}");
        Moments(seed)
    }

    /// A moment between 2% and 110% of `span`: most land in a run, some
    /// after its end (a finished run must be whole).
    fn within(&mut self, span: Duration) -> Duration {
        let mut s = self.0;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        self.0 = s;
        span.mul_f64(0.02 + (s % 10_000) as f64 / 10_000.0 * 1.08)
    }
}

/// Runs casus with `args` and kills it with SIGKILL after `at`, if it is
/// still running then; returns whether it was killed. A run that ended
/// by itself must have succeeded.
fn kill_at(args: &[&str], at: Duration) -> bool {
    let mut child = casus_cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(at);
    let running = child.try_wait().ok().flatten().is_none();
    if running {
        child.kill().unwrap_or_else(|e| panic!("{e}"));
    }
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        running || o.status.success(),
        "{args:?} failed by itself: {}",
        stderr(&o)
    );
    running
}

/// What a series of kills did.
#[derive(Debug, Default)]
struct Kills {
    /// Runs killed while running.
    killed: usize,
    /// Of those, killed after some batches and before the last.
    mid: usize,
    /// Runs that ended before their kill (each left a whole store).
    finished: usize,
}

/// Ingests `corpus` with `mode` (`--batch 40` or `--bulk`) into stores
/// that `fresh` makes, killing each run at a random moment, until
/// `want` runs were killed. After every run the store must be sound; a
/// bulk load must have left nothing or everything; each store is then
/// finished by a run to its end and must equal `clean`.
fn kill_ingests(
    fresh: &mut dyn FnMut() -> String,
    mode: &[&str],
    corpus: &str,
    clean: &str,
    total: i64,
    want: usize,
    moments: &mut Moments,
) -> Kills {
    let bulk = mode.contains(&"--bulk");
    let ingest = |db: &str| -> Vec<String> {
        let mut a: Vec<String> = vec!["--db".into(), db.into(), "ingest".into()];
        a.extend(mode.iter().map(|s| s.to_string()));
        a.extend(["--jobs".into(), "1".into(), corpus.into()]);
        a
    };
    // How long one run takes here, for the moments.
    let mut db = fresh();
    let t = Instant::now();
    let args = ingest(&db);
    let o = casus(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let took = t.elapsed();
    assert!(dump(&db) == clean, "{mode:?} gave another store");
    db = fresh();

    let mut k = Kills::default();
    let mut before = 0;
    let mut runs = 0;
    while k.killed < want {
        runs += 1;
        assert!(runs <= want * 8, "too few runs were killed: {k:?}");
        let args = ingest(&db);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let killed = kill_at(&args, moments.within(took));
        assert_sound(&db, &format!("{mode:?} killed: {killed}"));
        let n = totals(&db).articles;
        if bulk {
            assert!(
                n == before || n == total,
                "a killed bulk load left {n} articles (before it: {before})"
            );
        }
        if killed {
            k.killed += 1;
            if n > before && n < total {
                k.mid += 1;
            }
        } else {
            k.finished += 1;
        }
        if !killed || n == total {
            assert!(dump(&db) == clean, "a run after kills gave another store");
            db = fresh();
            before = 0;
        } else {
            before = n;
        }
    }
    let o = casus(&ingest(&db).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dump(&db) == clean,
        "the store after {} kills differs from a clean ingest",
        k.killed
    );
    k
}

/// Both modes on one backend; returns the kills of each.
fn kill_both_modes(fresh: &mut dyn FnMut() -> String) -> (Kills, Kills) {
    let corpus = big_corpus();
    let corpus = corpus.to_str().unwrap_or_default();
    let clean_db = fresh();
    let o = casus(&["--db", &clean_db, "ingest", "--batch", "40", corpus]);
    assert!(o.status.success(), "{}", stderr(&o));
    let clean = dump(&clean_db);
    let total = totals(&clean_db).articles;
    assert!(total > 1000, "corpus too small to test");
    let mut moments = Moments::new();
    let want = kills_wanted();
    let t = Instant::now();
    let batches = kill_ingests(
        fresh,
        &["--batch", "40"],
        corpus,
        &clean,
        total,
        want,
        &mut moments,
    );
    let bulk = kill_ingests(
        fresh,
        &["--bulk"],
        corpus,
        &clean,
        total,
        want,
        &mut moments,
    );
    eprintln!(
        "kills in {:.0} s: batch by batch {batches:?}; bulk {bulk:?}",
        t.elapsed().as_secs_f64()
    );
    // A kill mid-ingest is the case that matters: with more than a few
    // kills, some must have landed there.
    if want >= 4 {
        assert!(batches.mid > 0, "no kill landed mid-ingest: {batches:?}");
    }
    (batches, bulk)
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing_on_sqlite() {
    let mut n = 0;
    kill_both_modes(&mut || {
        n += 1;
        fresh_db(&format!("killed-{}.db", n % 2))
    });
}

#[test]
fn sigkill_at_random_moments_loses_and_duplicates_nothing_on_postgres() {
    let Some(base) = postgres_base() else { return };
    let mut n = 0;
    kill_both_modes(&mut || {
        n += 1;
        fresh_postgres(&base, &format!("casus_t_killed_{}", n % 2))
    });
}

/// The ingest arguments for `db`, in `mode`, of `corpus`.
fn ingest_args<'a>(db: &'a str, mode: &[&'a str], corpus: &'a str) -> Vec<&'a str> {
    let mut a = vec!["--db", db, "ingest"];
    a.extend(mode);
    a.push(corpus);
    a
}

#[test]
fn a_full_disk_is_named_and_leaves_the_store_sound() {
    let corpus = big_corpus();
    let corpus = corpus.to_str().unwrap_or_default();
    let clean_db = fresh_db("disk-clean.db");
    let o = casus(&ingest_args(&clean_db, &["--batch", "40"], corpus));
    assert!(o.status.success(), "{}", stderr(&o));
    let clean = dump(&clean_db);
    let casus_exe = env!("CARGO_BIN_EXE_casus");

    // A file size limit (RLIMIT_FSIZE, SIGXFSZ ignored): a write past it
    // fails as on a full disk, wherever the store is.
    for mode in [&["--batch", "40"][..], &["--bulk"][..]] {
        for kb in [300, 2000, 8000] {
            let db = fresh_db("disk-limited.db");
            let mut args = vec![
                "-c",
                "trap '' XFSZ; ulimit -f \"$1\"; shift; exec \"$@\"",
                "sh",
            ];
            let kb = kb.to_string();
            args.extend([kb.as_str(), casus_exe]);
            args.extend(ingest_args(&db, mode, corpus));
            let o = std::process::Command::new("bash")
                .args(&args)
                .current_dir(root())
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{mode:?} {kb} KB: {err}");
            assert!(
                err.contains(&format!(
                    "{db}: SQLite: the system refused to read or write"
                )) && err.contains("past a size limit"),
                "{mode:?} {kb} KB: {err}"
            );
            assert_sound(&db, &format!("{mode:?} at {kb} KB"));
            if mode == ["--bulk"] {
                assert_eq!(totals(&db).articles, 0, "a failed bulk load left articles");
            }
            let o = casus(&ingest_args(&db, mode, corpus));
            assert!(o.status.success(), "{}", stderr(&o));
            assert!(
                dump(&db) == clean,
                "{mode:?} {kb} KB: finished, another store"
            );
        }
    }

    // A disk that is really full: a 3 MB tmpfs in a private mount
    // namespace, where the system allows one.
    let mnt = dir().join("full-disk");
    let out = dir().join("full-disk-copy");
    for d in [&mnt, &out] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    let script = r#"
        mount -t tmpfs -o size=3m tmpfs "$1" || exit 99
        "$2" --db "$1/t.db" ingest --batch 40 "$3" 2>"$4/ingest.err"; echo $? >"$4/ingest.code"
        "$2" --db "$1/t.db" export --format jsonl -o "$1/x.jsonl" 2>"$4/export.err"; echo $? >"$4/export.code"
        ls -A "$1" >"$4/listing"
        cp "$1"/t.db* "$4"/
    "#;
    let o = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args([&mnt, &std::path::PathBuf::from(casus_exe)])
        .arg(corpus)
        .arg(&out)
        .current_dir(root())
        .output();
    match o {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("no private mount namespace here ({other:?}): the tmpfs part is not run");
            return;
        }
    }
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    assert_eq!(read("ingest.code").trim(), "2", "{}", read("ingest.err"));
    assert!(
        read("ingest.err").contains("t.db: SQLite: the disk is full"),
        "{}",
        read("ingest.err")
    );
    assert_eq!(read("export.code").trim(), "2", "{}", read("export.err"));
    assert!(
        read("export.err").contains("x.jsonl: No space left on device"),
        "{}",
        read("export.err")
    );
    // The failed export left no file, whole-looking or partial.
    assert!(
        !read("listing").contains("x.jsonl"),
        "left: {}",
        read("listing")
    );
    let db = out.join("t.db").display().to_string();
    assert_sound(&db, "a full disk");
    let part = totals(&db).articles;
    assert!(part > 0, "the disk filled before the first batch");
    let o = casus(&ingest_args(&db, &["--batch", "40"], corpus));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dump(&db) == clean,
        "finished after a full disk, another store"
    );
}

#[test]
fn records_to_a_full_disk_are_an_error_naming_the_output() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: not run");
        return;
    };
    let o = casus_cmd(&["extract", "examples/kabul-airport.txt"])
        .stdout(full)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("writing records to standard output: No space left on device"),
        "{}",
        stderr(&o)
    );
}

/// The corpus in two halves, as two files.
fn halves(corpus: &str) -> (String, String) {
    let text = std::fs::read_to_string(corpus).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = text.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let mut out = Vec::new();
    for (name, part) in [("half-a.jsonl", a), ("half-b.jsonl", b)] {
        let p = dir().join(name);
        std::fs::write(&p, part.join("\n")).unwrap_or_else(|e| panic!("{e}"));
        out.push(p.display().to_string());
    }
    (out[0].clone(), out[1].clone())
}

/// Two ingests started together on one store: both succeed, and the
/// store is what one ingest of everything gives.
fn two_at_once(db: &str, first: &[&str], second: &[&str], clean: &str) {
    let spawn = |args: &[&str]| {
        casus_cmd(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let a = spawn(first);
    let b = spawn(second);
    for (c, args) in [(a, first), (b, second)] {
        let o = c.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    assert_sound(db, &format!("{first:?} and {second:?} at once"));
    assert!(
        dump(db) == clean,
        "{first:?} and {second:?} at once gave another store"
    );
}

#[test]
fn two_ingests_at_once_give_what_one_gives() {
    let corpus = big_corpus();
    let corpus = corpus.to_str().unwrap_or_default();
    let (a, b) = halves(corpus);
    let clean_db = fresh_db("two-clean.db");
    let o = casus(&ingest_args(&clean_db, &[], corpus));
    assert!(o.status.success(), "{}", stderr(&o));
    let clean = dump(&clean_db);
    let batches = ["--batch", "40"];
    let cases: [(&[&str], &str, &[&str], &str); 4] = [
        (&batches, &a, &batches, &b),
        (&batches, corpus, &batches, corpus),
        (&["--bulk"], corpus, &["--bulk"], corpus),
        (&["--bulk"], &a, &batches, &b),
    ];
    for (m1, c1, m2, c2) in cases {
        let db = fresh_db("two.db");
        two_at_once(
            &db,
            &ingest_args(&db, m1, c1),
            &ingest_args(&db, m2, c2),
            &clean,
        );
    }
    if let Some(base) = postgres_base() {
        let db = fresh_postgres(&base, "casus_t_two");
        two_at_once(
            &db,
            &ingest_args(&db, &batches, &a),
            &ingest_args(&db, &batches, &b),
            &clean,
        );
    }
}

/// Another writer: a transaction holding the store's write lock until
/// it is dropped or committed.
fn hold_write_lock(db: &str) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{e}"));
    c.execute_batch("BEGIN IMMEDIATE")
        .unwrap_or_else(|e| panic!("{e}"));
    c
}

#[test]
fn an_ingest_waits_for_another_writer_and_says_so() {
    let db = fresh_db("waits.db");
    let fixture = "crates/casus-store/tests/fixtures/articles.jsonl";
    let o = casus(&["--db", &db, "ingest", fixture]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = dump(&db);
    let corpus = big_corpus();
    let corpus = corpus.to_str().unwrap_or_default();

    // Within its wait, the ingest waits, says so, and goes on.
    let lock = hold_write_lock(&db);
    let child = casus_cmd(&["--db", &db, "ingest", "--wait", "60", corpus])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(totals(&db).articles, 5, "it wrote under another's lock");
    lock.execute_batch("COMMIT")
        .unwrap_or_else(|e| panic!("{e}"));
    let o = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "another process is writing to {db}; waiting for it to finish (up to 60 s, --wait)"
        )),
        "{err}"
    );
    assert!(totals(&db).articles > 1000);
    assert_sound(&db, "an ingest that waited");

    // Past its wait, it gives up, says why, and leaves the store as it
    // was.
    let db2 = fresh_db("gives-up.db");
    let o = casus(&["--db", &db2, "ingest", fixture]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lock = hold_write_lock(&db2);
    let t = Instant::now();
    let o = casus(&["--db", &db2, "ingest", "--wait", "1", corpus]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the store is busy: another process has been writing to it"),
        "{err}"
    );
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    drop(lock);
    assert!(
        dump(&db2) == before,
        "a writer that gave up changed the store"
    );
}
