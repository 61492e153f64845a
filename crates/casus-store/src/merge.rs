//! Which reports tell of one event, and what the merged event says.
//!
//! Two reports from different articles tell of one event when they have
//! the same PLOVER type, dates at most [`MAX_DAYS_APART`] apart, actors
//! that do not contradict each other (no two different countries on one
//! side), and places that agree: the same country and, where both are
//! finer than a country, the same first-level division or coordinates
//! within [`MAX_KM`]. Events are the connected groups of that relation,
//! so the result depends only on the set of reports, never on the order
//! they came in; an event's id is its smallest report id. Two reports of
//! one article are never in one event: the extractor already told them
//! apart.

use crate::model::{Actor, Event, Place, Report};
use casus_core::Date;
use std::collections::BTreeSet;

/// Days two reports' dates may differ by: a strike late on one day is
/// often dated the next by outlets in other time zones or by the day it
/// was reported.
pub const MAX_DAYS_APART: i32 = 1;

/// Kilometres between two places that may be one: towns are geocoded to
/// their centres and reports name the nearest town they know, so one
/// strike is "near Irbil" in one and "in Irbil" in another; 50 km covers a
/// city and its outskirts and stays below the distance between most
/// neighbouring district capitals, which are separate events.
pub const MAX_KM: f64 = 50.0;

/// True when `a` and `b` (from different articles) tell of one event.
pub fn same_event(a: &Report, b: &Report) -> bool {
    agree_but_dates(a, b)
        && days_apart(a.core.date.as_deref(), b.core.date.as_deref())
            .is_some_and(|d| d <= MAX_DAYS_APART)
}

/// What [`same_event`] asks but the dates (the dearest test, left to
/// callers that know the dates are near).
fn agree_but_dates(a: &Report, b: &Report) -> bool {
    a.article_id != b.article_id
        && a.core.event_type == b.core.event_type
        && actors_agree(&a.core.source, &b.core.source)
        && actors_agree(&a.core.target, &b.core.target)
        && places_agree(&a.core.location, &b.core.location)
}

/// Days between two `YYYY-MM-DD` dates; `None` if either is missing.
pub fn days_apart(a: Option<&str>, b: Option<&str>) -> Option<i32> {
    let a = Date::parse_iso(a?)?;
    let b = Date::parse_iso(b?)?;
    Some(a.days_until(b).abs())
}

/// An actor unknown on one side agrees with anything; two countries
/// must be one; two actors of no country (the UN, an armed group) must
/// have one name.
fn actors_agree(a: &Actor, b: &Actor) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    match (&a.country, &b.country) {
        (Some(x), Some(y)) => x == y,
        (None, None) => match (&a.name, &b.name) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => true,
        },
        // "the militants" vs "Iraqi militants".
        _ => true,
    }
}

/// The rank of a precision: finer first.
fn precision_rank(p: &Place) -> u8 {
    match p.precision.as_deref() {
        Some("point") => 0,
        Some("city") => 1,
        Some("admin2") => 2,
        Some("admin1") => 3,
        Some("country") => 4,
        _ => 5,
    }
}

fn places_agree(a: &Place, b: &Place) -> bool {
    let (Some(ca), Some(cb)) = (&a.country, &b.country) else {
        return true;
    };
    if ca != cb {
        return false;
    }
    // "in Syria" agrees with any place in Syria.
    if precision_rank(a) >= 3 || precision_rank(b) >= 3 {
        return true;
    }
    if a.admin1.is_some() && a.admin1 == b.admin1 {
        return true;
    }
    match (a.lat.zip(a.lon), b.lat.zip(b.lon)) {
        (Some(p), Some(q)) => km(p, q) <= MAX_KM,
        _ => a.admin1.is_none() || b.admin1.is_none(),
    }
}

/// Great-circle distance in km between two (lat, lon) points.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The groups of `reports` that are one event each (indices, each group
/// sorted by report id, groups in order of their first id).
///
/// Pairs that tell of one event are joined in the order of their ids,
/// never by input order, and two groups are joined only if no article
/// has a report in both: what one article tells apart as two events (a
/// strike in Iraq and one in Syria) is never merged through a third
/// report that agrees with both. A group is closed under the relation
/// except where that rule held it apart, and the rule looks only at the
/// two groups, so grouping a closed part of the store gives what grouping
/// all of it would.
pub fn group(reports: &[Report]) -> Vec<Vec<usize>> {
    // Indices in id order, and each report's place in it: ids are
    // compared once, in this sort.
    let mut by_id: Vec<usize> = (0..reports.len()).collect();
    by_id.sort_unstable_by(|&i, &j| reports[i].id.cmp(&reports[j].id).then(i.cmp(&j)));
    let mut rank = vec![0u32; reports.len()];
    for (k, &i) in by_id.iter().enumerate() {
        rank[i] = k as u32;
    }
    let mut pairs = pairs(reports);
    pairs.sort_unstable_by_key(|&(i, j)| (rank[i], rank[j]));
    let mut parent: Vec<usize> = (0..reports.len()).collect();
    // The articles of each group that has grown; a report alone holds
    // only its own.
    let mut articles: Vec<Option<BTreeSet<&str>>> = vec![None; reports.len()];
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, j) in pairs {
        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
        if ri == rj {
            continue;
        }
        let own = |k: usize| BTreeSet::from([reports[k].article_id.as_str()]);
        let a = articles[ri].take().unwrap_or_else(|| own(ri));
        let b = articles[rj].take().unwrap_or_else(|| own(rj));
        if !a.is_disjoint(&b) {
            articles[ri] = Some(a);
            articles[rj] = Some(b);
            continue;
        }
        let (keep, gone) = (ri.min(rj), ri.max(rj));
        parent[gone] = keep;
        let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
        big.extend(small);
        articles[keep] = Some(big);
    }
    // Walking the reports in id order makes the groups in the order of
    // their first id, each in id order.
    let mut slot: Vec<u32> = vec![u32::MAX; reports.len()];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in &by_id {
        let r = root(&mut parent, i);
        if slot[r] == u32::MAX {
            slot[r] = out.len() as u32;
            out.push(Vec::with_capacity(1));
        }
        out[slot[r] as usize].push(i);
    }
    out
}

/// The pairs `(i, j)` of `reports` that [`same_event`] joins, each with
/// the smaller report id first.
///
/// Only reports of one type within the date window can join, and, when
/// both name a country, only reports of one country: reports are sorted
/// by (type, country, day) and each is compared with the few after it in
/// its run; a report of no country is compared with every report of its
/// type within the window. A million reports pair in about a second.
fn pairs(reports: &[Report]) -> Vec<(usize, usize)> {
    let epoch = Date::new(1970, 1, 1).expect("a valid date");
    // Types and countries as small numbers (0: no country), so that the
    // sort compares integers, not strings scattered over the heap.
    let mut names: std::collections::HashMap<&str, u32> = Default::default();
    fn number<'a>(names: &mut std::collections::HashMap<&'a str, u32>, s: &'a str) -> u32 {
        let next = names.len() as u32 + 1;
        *names.entry(s).or_insert(next)
    }
    // (type, country, day, index) of each dated report.
    let mut keyed: Vec<(u32, u32, i32, usize)> = Vec::with_capacity(reports.len());
    for (i, r) in reports.iter().enumerate() {
        let Some(date) = r.core.date.as_deref().and_then(Date::parse_iso) else {
            continue;
        };
        let country = match r.core.location.country.as_deref() {
            Some(k) => number(&mut names, k),
            None => 0,
        };
        keyed.push((
            number(&mut names, r.core.event_type.as_str()),
            country,
            epoch.days_until(date),
            i,
        ));
    }
    keyed.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Every pair tried is of one type and dated within the window.
    let mut push = |i: usize, j: usize| {
        let (a, b) = (&reports[i], &reports[j]);
        if agree_but_dates(a, b) {
            out.push(if a.id <= b.id { (i, j) } else { (j, i) });
        }
    };
    // Within a (type, country) run.
    for (k, &(ty, country, day, i)) in keyed.iter().enumerate() {
        if country == 0 {
            continue;
        }
        for &(ty2, country2, day2, j) in &keyed[k + 1..] {
            if ty2 != ty || country2 != country || day2 - day > MAX_DAYS_APART {
                break;
            }
            push(i, j);
        }
    }
    // A report of no country against its type's window, by day.
    let mut by_type_day: Vec<(u32, i32, usize)> =
        keyed.iter().map(|&(ty, _, day, i)| (ty, day, i)).collect();
    by_type_day.sort_unstable();
    for &(ty, country, day, i) in &keyed {
        if country != 0 {
            continue;
        }
        let from = by_type_day.partition_point(|&(t, d, _)| (t, d) < (ty, day - MAX_DAYS_APART));
        for &(ty2, day2, j) in &by_type_day[from..] {
            if ty2 != ty || day2 > day + MAX_DAYS_APART {
                break;
            }
            // Two reports of no country: once, from the first.
            let other_has_none = reports[j].core.location.country.is_none();
            if j == i || (other_has_none && j < i) {
                continue;
            }
            push(i, j);
        }
    }
    out
}

/// The event that `members` (one group of [`group`]) make.
pub fn event_of(members: &[&Report]) -> Option<Event> {
    let first = members.iter().min_by(|a, b| a.id.cmp(&b.id))?;
    // The account with the finest place, then the fullest dyad, then the
    // smallest id.
    let rep = members.iter().min_by(|a, b| {
        let key = |r: &Report| {
            (
                precision_rank(&r.core.location),
                u8::from(r.core.source.is_empty()) + u8::from(r.core.target.is_empty()),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    })?;
    let mut core = rep.core.clone();
    let mut by_id: Vec<&&Report> = members.iter().collect();
    by_id.sort_by(|a, b| a.id.cmp(&b.id));
    if core.source.is_empty() {
        if let Some(r) = by_id.iter().find(|r| !r.core.source.is_empty()) {
            core.source = r.core.source.clone();
        }
    }
    if core.target.is_empty() {
        if let Some(r) = by_id.iter().find(|r| !r.core.target.is_empty()) {
            core.target = r.core.target.clone();
        }
    }
    core.date = members.iter().filter_map(|r| r.core.date.clone()).min();
    core.fatalities = members.iter().filter_map(|r| r.core.fatalities).max();
    core.injuries = members.iter().filter_map(|r| r.core.injuries).max();
    let articles: BTreeSet<&str> = members.iter().map(|r| r.article_id.as_str()).collect();
    // An article of no known outlet is a source of its own: it cannot be
    // told apart from any other.
    let outlets: BTreeSet<&str> = members
        .iter()
        .map(|r| r.outlet.as_deref().unwrap_or(&r.article_id))
        .collect();
    Some(Event {
        id: first.id.clone(),
        core,
        num_reports: members.len() as i64,
        num_articles: articles.len() as i64,
        num_sources: outlets.len() as i64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Core;
    use casus_core::EventType;

    fn report(id: &str, date: &str, country: &str, lat: f64, lon: f64) -> Report {
        Report {
            id: id.into(),
            article_id: id.split('#').next().unwrap_or(id).into(),
            event_id: id.into(),
            outlet: Some(format!("outlet-{id}")),
            core: Core {
                date: Some(date.into()),
                source: Actor {
                    name: Some("United States".into()),
                    country: Some("USA".into()),
                    ..Actor::default()
                },
                location: Place {
                    name: Some("x".into()),
                    country: Some(country.into()),
                    admin1: None,
                    lat: Some(lat),
                    lon: Some(lon),
                    precision: Some("city".into()),
                },
                ..Core::new(EventType::Assault)
            },
        }
    }

    #[test]
    fn near_places_and_days_merge_far_ones_do_not() {
        let a = report("a#1", "2024-02-02", "IRQ", 33.0, 44.0);
        let b = report("b#1", "2024-02-03", "IRQ", 33.2, 44.1);
        let far = report("c#1", "2024-02-02", "IRQ", 36.2, 44.0);
        let late = report("d#1", "2024-02-05", "IRQ", 33.0, 44.0);
        let elsewhere = report("e#1", "2024-02-02", "SYR", 33.0, 44.0);
        assert!(same_event(&a, &b));
        assert!(
            !same_event(&a, &far),
            "{} km",
            km((33.0, 44.0), (36.2, 44.0))
        );
        assert!(!same_event(&a, &late));
        assert!(!same_event(&a, &elsewhere));
        let same_article = report("a#2", "2024-02-02", "IRQ", 33.0, 44.0);
        assert!(!same_event(&a, &same_article));
    }

    #[test]
    fn contradicting_actors_do_not_merge() {
        let a = report("a#1", "2024-02-02", "IRQ", 33.0, 44.0);
        let mut b = report("b#1", "2024-02-02", "IRQ", 33.0, 44.0);
        b.core.source.country = Some("IRN".into());
        assert!(!same_event(&a, &b));
        b.core.source = Actor::default();
        assert!(same_event(&a, &b));
    }

    #[test]
    fn groups_do_not_depend_on_order() {
        let rs = vec![
            report("a#1", "2024-02-02", "IRQ", 33.0, 44.0),
            report("b#1", "2024-02-03", "IRQ", 33.1, 44.0),
            report("c#1", "2024-02-04", "IRQ", 33.2, 44.0),
            report("d#1", "2024-02-02", "SYR", 35.0, 40.0),
            report("e#1", "2024-03-01", "IRQ", 33.0, 44.0),
        ];
        let ids = |rs: &[Report]| -> Vec<Vec<String>> {
            group(rs)
                .iter()
                .map(|g| g.iter().map(|&i| rs[i].id.clone()).collect())
                .collect()
        };
        let want = ids(&rs);
        assert_eq!(want[0], ["a#1", "b#1", "c#1"]);
        assert_eq!(want.len(), 3);
        let mut rev = rs.clone();
        rev.reverse();
        assert_eq!(ids(&rev), want);
        rev.rotate_left(2);
        assert_eq!(ids(&rev), want);
    }

    #[test]
    fn what_one_article_tells_apart_stays_apart() {
        // Article a has two strikes on one day in one city, against
        // different targets; b's report names no target and agrees with
        // both, but may join only one of them.
        let mut a1 = report("a#1", "2024-02-02", "IRQ", 33.0, 44.0);
        a1.core.target.country = Some("IRQ".into());
        let mut a2 = report("a#2", "2024-02-02", "IRQ", 33.0, 44.0);
        a2.core.target.country = Some("SYR".into());
        let b = report("b#1", "2024-02-02", "IRQ", 33.0, 44.0);
        let rs = vec![b.clone(), a2.clone(), a1.clone()];
        let groups = group(&rs);
        assert_eq!(groups.len(), 2, "{groups:?}");
        let ids: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|&i| rs[i].id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["a#1", "b#1"], vec!["a#2"]]);
    }

    #[test]
    fn pairs_are_every_pair_that_tells_of_one_event() {
        // Reports over a few days, two countries and none, some undated:
        // the sorted search finds exactly what comparing all pairs finds.
        let mut rs = Vec::new();
        let mut x: u64 = 7;
        let mut next = |n: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) % n
        };
        for k in 0..300 {
            let day = format!("2024-02-{:02}", 1 + next(6));
            let mut r = report(&format!("a{}#{}", next(40), k), &day, "IRQ", 33.0, 44.0);
            match next(3) {
                0 => r.core.location = Place::default(),
                1 => r.core.location.country = Some("SYR".into()),
                _ => {}
            }
            if next(10) == 0 {
                r.core.date = None;
            }
            if next(2) == 0 {
                r.core.event_type = EventType::Protest;
            }
            rs.push(r);
        }
        let mut want = Vec::new();
        for i in 0..rs.len() {
            for j in i + 1..rs.len() {
                if same_event(&rs[i], &rs[j]) {
                    want.push(if rs[i].id <= rs[j].id { (i, j) } else { (j, i) });
                }
            }
        }
        let mut got = pairs(&rs);
        want.sort_unstable();
        got.sort_unstable();
        assert!(want.len() > 100, "{} pairs", want.len());
        assert_eq!(got, want);
    }

    #[test]
    fn merged_event_takes_the_finest_place_and_highest_toll() {
        let mut a = report("a#1", "2024-02-03", "IRQ", 33.0, 44.0);
        a.core.location.precision = Some("country".into());
        a.core.fatalities = Some(3);
        let mut b = report("b#1", "2024-02-02", "IRQ", 33.1, 44.0);
        b.core.fatalities = Some(5);
        b.outlet = a.outlet.clone();
        let e = event_of(&[&a, &b]).expect("an event");
        assert_eq!(e.id, "a#1");
        assert_eq!(e.core.location.precision.as_deref(), Some("city"));
        assert_eq!(e.core.date.as_deref(), Some("2024-02-02"));
        assert_eq!(e.core.fatalities, Some(5));
        assert_eq!((e.num_reports, e.num_articles, e.num_sources), (2, 2, 1));
    }
}
