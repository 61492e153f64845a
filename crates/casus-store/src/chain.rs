//! Chains of events that answer each other: a strike "in response to" a
//! drone attack, a threat that promises more, a denial of an accusation.
//!
//! A link is stored between two reports of one article (`report_links`,
//! from the record's `responds_to`). Between events it holds whenever a
//! report of one answers a report of the other. Since each report belongs
//! to the event the merge rule gives it, a link made in one article
//! reaches an event told by others: "in retaliation for last week's
//! attack on Tower 22" is a report of that attack, merged with the
//! reports of the articles that told it first, whichever came in first.
//! So the chains depend only on the stored articles, never on the order
//! they came in.

use crate::conn::{collect, Conn};
use crate::error::Result;
use crate::model::Event;
use crate::rows::{event_columns, read_event};
use serde::Serialize;
use std::collections::BTreeSet;

/// An event in a chain, with the events it leads to in one direction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// The event.
    pub event: Event,
    /// Going back: the events it answers; going forward: the events
    /// that answer it.
    pub next: Vec<Link>,
}

/// An event and its chain both ways.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chain {
    /// The event asked for.
    pub event: Event,
    /// The events it answers, and what they answer, back to the start.
    pub answers: Vec<Link>,
    /// The events that answer it, and what answers them.
    pub answered_by: Vec<Link>,
}

/// The most events one chain holds, both ways together: a story told for
/// years is cut there, not followed to its end.
pub const MAX_EVENTS: usize = 500;

/// The chain of event `id`, `depth` steps each way at most; `None` when
/// there is no such event.
pub fn chain(c: &mut dyn Conn, id: &str, depth: usize) -> Result<Option<Chain>> {
    let Some(event) = one(c, id)? else {
        return Ok(None);
    };
    let mut seen: BTreeSet<String> = BTreeSet::from([id.to_string()]);
    let answers = walk(c, id, depth, Direction::Back, &mut seen)?;
    let answered_by = walk(c, id, depth, Direction::Forward, &mut seen)?;
    Ok(Some(Chain {
        event,
        answers,
        answered_by,
    }))
}

#[derive(Clone, Copy)]
enum Direction {
    Back,
    Forward,
}

/// The events one step from `id`, each with its own steps further, up to
/// `depth`; an event already in the chain is not repeated (chains can
/// loop: two sides answering each other's answers).
fn walk(
    c: &mut dyn Conn,
    id: &str,
    depth: usize,
    dir: Direction,
    seen: &mut BTreeSet<String>,
) -> Result<Vec<Link>> {
    if depth == 0 {
        return Ok(Vec::new());
    }
    let sql = match dir {
        Direction::Back => {
            "SELECT DISTINCT t.event_id FROM reports r \
             JOIN report_links l ON l.report_id = r.id \
             JOIN reports t ON t.id = l.answers \
             WHERE r.event_id = $1 AND t.event_id <> $1 ORDER BY t.event_id"
        }
        Direction::Forward => {
            "SELECT DISTINCT r.event_id FROM reports t \
             JOIN report_links l ON l.answers = t.id \
             JOIN reports r ON r.id = l.report_id \
             WHERE t.event_id = $1 AND r.event_id <> $1 ORDER BY r.event_id"
        }
    };
    let ids = collect(c, sql, &[id.into()], |r| r.req_text(0))?;
    let mut out = Vec::new();
    for next in ids {
        if seen.len() >= MAX_EVENTS || !seen.insert(next.clone()) {
            continue;
        }
        let Some(event) = one(c, &next)? else {
            continue;
        };
        let further = walk(c, &next, depth - 1, dir, seen)?;
        out.push(Link {
            event,
            next: further,
        });
    }
    // Earliest first, then by id.
    out.sort_by(|a, b| {
        (a.event.core.date.as_deref(), a.event.id.as_str())
            .cmp(&(b.event.core.date.as_deref(), b.event.id.as_str()))
    });
    Ok(out)
}

fn one(c: &mut dyn Conn, id: &str) -> Result<Option<Event>> {
    let sql = format!("SELECT {} FROM events e WHERE e.id = $1", event_columns());
    Ok(collect(c, &sql, &[id.into()], read_event)?.pop())
}
