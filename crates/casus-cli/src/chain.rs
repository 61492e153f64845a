//! `casus chain EVENT_ID`: the events an event answers and the events
//! that answer it, as two trees around it, each line with the date, the
//! type, the actors, the place and the toll.

use anyhow::{bail, Context as _, Result};
use casus_store::chain::{Chain, Link};
use casus_store::{Event, Store};
use std::io::Write;

/// Prints the chain of `id` (`depth` steps each way), as a tree or as
/// JSON.
pub fn run(store: &mut Store, id: &str, depth: usize, json: bool) -> Result<()> {
    let Some(chain) = store
        .chain(id, depth)
        .with_context(|| format!("reading {}", store.name()))?
    else {
        bail!("no event {id:?} in {}", store.name());
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&chain)?)?;
    } else {
        write_tree(&mut out, &chain)?;
    }
    out.flush()?;
    Ok(())
}

/// The tree: what the event answers above it (earliest at the deepest
/// indent), the event, then what answers it below.
fn write_tree(out: &mut dyn Write, chain: &Chain) -> std::io::Result<()> {
    if chain.answers.is_empty() {
        writeln!(out, "answers no stored event")?;
    } else {
        writeln!(out, "answers:")?;
        for l in &chain.answers {
            branch(out, l, 1, "↑")?;
        }
    }
    writeln!(out, "● {}", line(&chain.event))?;
    if chain.answered_by.is_empty() {
        writeln!(out, "answered by no stored event")?;
    } else {
        writeln!(out, "answered by:")?;
        for l in &chain.answered_by {
            branch(out, l, 1, "↓")?;
        }
    }
    Ok(())
}

fn branch(out: &mut dyn Write, l: &Link, level: usize, mark: &str) -> std::io::Result<()> {
    writeln!(out, "{}{mark} {}", "  ".repeat(level), line(&l.event))?;
    for n in &l.next {
        branch(out, n, level + 1, mark)?;
    }
    Ok(())
}

/// `2024-01-28 ASSAULT Islamic Resistance in Iraq (IRQ) → United States
/// (USA) at Tower 22 (JOR); 3 killed, 40 injured [tower22#1]`.
fn line(e: &Event) -> String {
    let actor = |a: &casus_store::Actor| match (&a.name, &a.country) {
        (Some(n), Some(c)) => format!("{n} ({c})"),
        (Some(n), None) => n.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => "?".into(),
    };
    let c = &e.core;
    let mut s = format!(
        "{} {} {} → {}",
        c.date.as_deref().unwrap_or("????-??-??"),
        c.event_type,
        actor(&c.source),
        actor(&c.target)
    );
    match (&c.location.name, &c.location.country) {
        (Some(n), Some(k)) => s.push_str(&format!(" at {n} ({k})")),
        (Some(n), None) => s.push_str(&format!(" at {n}")),
        (None, Some(k)) => s.push_str(&format!(" in {k}")),
        (None, None) => {}
    }
    let toll: Vec<String> = [(c.fatalities, "killed"), (c.injuries, "injured")]
        .iter()
        .filter_map(|(n, w)| n.map(|n| format!("{n} {w}")))
        .collect();
    if !toll.is_empty() {
        s.push_str(&format!("; {}", toll.join(", ")));
    }
    s.push_str(&format!(
        " [{}; {} report{}]",
        e.id,
        e.num_reports,
        if e.num_reports == 1 { "" } else { "s" }
    ));
    s
}
