//! How a conflict between two sides escalates or calms: a daily series of
//! the events between them, and the days when it turns sharply worse.
//!
//! A side is a country (an ISO 3166-1 alpha-3 code, matched against the
//! actors' countries) or a named actor (matched by name, any case). An
//! event belongs to the dyad when one side did it to the other, either
//! way round. Each day counts its events by type, its conflict score (the
//! sum of the Goldstein values below zero, as a positive number: an armed
//! assault scores 10, a threat 4 to 7), its cooperation score (the sum of
//! those above zero) and its deaths.
//!
//! An alert ([`Rule`]) marks a day whose conflict score rises well above
//! the dyad's own recent baseline: at least `k` standard deviations above
//! the mean of the `window` days before it, and at least `min_score`, once
//! the dyad has `min_history` days of history. A dyad that is always at
//! war does not alert every day; one that was quiet does, on the day it
//! flares.

use crate::conn::Conn;
use crate::error::{Result, StoreError};
use crate::value::Value;
use casus_core::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One side of a dyad.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Side {
    /// A country, by its ISO 3166-1 alpha-3 code.
    Country(String),
    /// An actor, by name (any case).
    Actor(String),
}

impl Side {
    /// Three letters are a country code (`usa` → USA); anything else is
    /// an actor's name.
    pub fn parse(s: &str) -> Side {
        let s = s.trim();
        if s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic()) {
            Side::Country(s.to_ascii_uppercase())
        } else {
            Side::Actor(s.to_string())
        }
    }

    /// The condition that the `role` (`source` or `target`) is this side,
    /// its parameter added to `params`.
    fn sql(&self, role: &str, params: &mut Vec<Value>) -> String {
        match self {
            Side::Country(c) => {
                params.push(c.as_str().into());
                format!("e.{role}_country = ${}", params.len())
            }
            Side::Actor(n) => {
                params.push(n.to_lowercase().into());
                format!("lower(e.{role}_name) = ${}", params.len())
            }
        }
    }
}

/// One day of a dyad.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Events that day.
    pub events: i64,
    /// Events by PLOVER type.
    pub by_type: BTreeMap<String, i64>,
    /// The sum of the Goldstein values below zero, as a positive number.
    pub conflict: f64,
    /// The sum of the Goldstein values above zero.
    pub cooperation: f64,
    /// Deaths reported in those events.
    pub fatalities: i64,
}

/// One event of a dyad, as a chart marks it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    /// The event's id.
    pub id: String,
    /// Its day, `YYYY-MM-DD`.
    pub date: String,
    /// Its PLOVER type.
    pub event_type: String,
    /// Its Goldstein value.
    pub goldstein: Option<f64>,
    /// Deaths reported.
    pub fatalities: Option<i64>,
}

/// A dyad's daily series, every day from the first to the last (days
/// with no event are zeros), its events and its alerts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// One side.
    pub a: Side,
    /// The other.
    pub b: Side,
    /// The days, in order.
    pub days: Vec<Day>,
    /// The events of those days, in order of date then id: at most
    /// [`MAX_MARKS`], the most violent kept (lowest Goldstein value,
    /// then most deaths) when there are more.
    pub marks: Vec<Mark>,
    /// How many events the days hold (more than `marks` when cut).
    pub marks_total: usize,
    /// The days of those that the rule marks as escalation, in order;
    /// each day's baseline includes days before the series' first when
    /// the store has them.
    pub alerts: Vec<Alert>,
    /// The rule the alerts follow.
    pub rule: Rule,
}

/// The most events a series lists in [`Series::marks`].
pub const MAX_MARKS: usize = 2000;

/// The longest series answered, in days (ten years).
pub const MAX_DAYS: i32 = 3660;

/// The rule that marks a day of escalation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rule {
    /// Days before the day that make its baseline.
    pub window: usize,
    /// Standard deviations above the baseline's mean.
    pub k: f64,
    /// The least conflict score that can alert (one armed assault is 10).
    pub min_score: f64,
    /// Days of the dyad's history needed before any alert.
    pub min_history: usize,
}

impl Default for Rule {
    /// 28 days, 3 standard deviations, a score of 10, 14 days of history.
    fn default() -> Rule {
        Rule {
            window: 28,
            k: 3.0,
            min_score: 10.0,
            min_history: 14,
        }
    }
}

/// A day of escalation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// One side.
    pub a: Side,
    /// The other.
    pub b: Side,
    /// The day.
    pub date: String,
    /// Its conflict score.
    pub conflict: f64,
    /// The mean of the baseline's days.
    pub baseline: f64,
    /// Their standard deviation.
    pub spread: f64,
    /// Events that day.
    pub events: i64,
    /// Deaths that day.
    pub fatalities: i64,
}

/// The indexes of the days of `days` that `rule` marks, with the mean and
/// standard deviation of each one's baseline. Pure: tested on generated
/// series.
pub fn escalations(conflict: &[f64], rule: &Rule) -> Vec<(usize, f64, f64)> {
    let w = rule.window.max(1);
    let mut out = Vec::new();
    for (i, &x) in conflict.iter().enumerate() {
        if i < rule.min_history.max(1) || x < rule.min_score {
            continue;
        }
        let base = &conflict[i.saturating_sub(w)..i];
        let n = base.len() as f64;
        let mean = base.iter().sum::<f64>() / n;
        let var = base.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let sd = var.sqrt();
        if x > mean + rule.k * sd && x - mean >= rule.min_score {
            out.push((i, mean, sd));
        }
    }
    out
}

/// The days of the events of `rows` (date, type, Goldstein, deaths),
/// every day from `from` (or the first event) to `to` (or the last), the
/// latest [`MAX_DAYS`] of them at most.
fn dense(
    rows: Vec<(String, String, Option<f64>, Option<i64>)>,
    from: Option<&str>,
    to: Option<&str>,
) -> Vec<Day> {
    let mut by_day: BTreeMap<String, Day> = BTreeMap::new();
    for (date, t, g, f) in rows {
        let d = by_day.entry(date.clone()).or_insert_with(|| Day {
            date,
            ..Day::default()
        });
        d.events += 1;
        *d.by_type.entry(t).or_default() += 1;
        let g = g.unwrap_or(0.0);
        if g < 0.0 {
            d.conflict -= g;
        } else {
            d.cooperation += g;
        }
        d.fatalities += f.unwrap_or(0);
    }
    let first = from
        .and_then(Date::parse_iso)
        .or_else(|| by_day.keys().next().and_then(|d| Date::parse_iso(d)));
    let last = to
        .and_then(Date::parse_iso)
        .or_else(|| by_day.keys().next_back().and_then(|d| Date::parse_iso(d)));
    let (Some(mut first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    // Past the longest series, the latest days are kept.
    if first.days_until(last) >= MAX_DAYS {
        first = last.add_days(-(MAX_DAYS - 1));
    }
    let n = first.days_until(last).max(-1);
    (0..=n)
        .map(|i| {
            let date = first.add_days(i).to_string();
            by_day.remove(&date).unwrap_or(Day {
                date,
                ..Day::default()
            })
        })
        .collect()
}

/// The daily series of `a` and `b` from `since` to `until` (each
/// `YYYY-MM-DD`, or the dyad's first and last event), with its events
/// and the days that `rule` marks.
pub fn series(
    c: &mut dyn Conn,
    a: &Side,
    b: &Side,
    since: Option<&str>,
    until: Option<&str>,
    rule: &Rule,
) -> Result<Series> {
    if let (Some(s), Some(u)) = (
        since.and_then(Date::parse_iso),
        until.and_then(Date::parse_iso),
    ) {
        if s.days_until(u) >= MAX_DAYS {
            return Err(StoreError::Invalid(format!(
                "a series covers at most {MAX_DAYS} days: narrow since and until"
            )));
        }
    }
    let mut params = Vec::new();
    let (a_src, b_tgt) = (a.sql("source", &mut params), b.sql("target", &mut params));
    let (b_src, a_tgt) = (b.sql("source", &mut params), a.sql("target", &mut params));
    let mut sql = format!(
        "SELECT e.date, e.event_type, e.goldstein, e.fatalities, e.id FROM events e \
         WHERE e.date <> '' AND (({a_src} AND {b_tgt}) OR ({b_src} AND {a_tgt}))"
    );
    // The baseline of the first day asked for lies before it.
    let lead_in = lead_in(since, rule);
    for (d, op) in [(lead_in.as_deref(), ">="), (until, "<=")] {
        if let Some(d) = d {
            params.push(d.into());
            sql.push_str(&format!(" AND e.date {op} ${}", params.len()));
        }
    }
    sql.push_str(" ORDER BY e.date, e.id");
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    c.query(&sql, &params, &mut |r| {
        let (date, event_type) = (r.req_text(0)?, r.req_text(1)?);
        let (goldstein, fatalities) = (r.real(2)?, r.int(3)?);
        if since.is_none_or(|s| date.as_str() >= s) {
            marks.push(Mark {
                id: r.req_text(4)?,
                date: date.clone(),
                event_type: event_type.clone(),
                goldstein,
                fatalities,
            });
        }
        rows.push((date, event_type, goldstein, fatalities));
        Ok(())
    })?;
    let mut days = dense(rows, lead_in.as_deref(), until);
    let conflict: Vec<f64> = days.iter().map(|d| d.conflict).collect();
    let marked = escalations(&conflict, rule);
    // The lead-in's days were read for the baselines only.
    let skip = since.map_or(0, |s| {
        days.iter().take_while(|d| d.date.as_str() < s).count()
    });
    let alerts = marked
        .into_iter()
        .filter(|&(i, _, _)| i >= skip)
        .map(|(i, baseline, spread)| {
            let d = &days[i];
            Alert {
                a: a.clone(),
                b: b.clone(),
                date: d.date.clone(),
                conflict: d.conflict,
                baseline,
                spread,
                events: d.events,
                fatalities: d.fatalities,
            }
        })
        .collect();
    days.drain(..skip);
    // A series cut to its latest MAX_DAYS drops the events before it.
    if let Some(first) = days.first() {
        marks.retain(|m| m.date >= first.date);
    }
    let marks_total = marks.len();
    let marks = most_violent(marks, MAX_MARKS);
    Ok(Series {
        a: a.clone(),
        b: b.clone(),
        days,
        marks,
        marks_total,
        alerts,
        rule: *rule,
    })
}

/// `marks` (in order of date and id) cut to `max`, keeping the most
/// violent: lowest Goldstein value, then most deaths, then latest.
fn most_violent(mut marks: Vec<Mark>, max: usize) -> Vec<Mark> {
    if marks.len() <= max {
        return marks;
    }
    let g = |m: &Mark| m.goldstein.unwrap_or(0.0);
    marks.sort_by(|x, y| {
        g(x).total_cmp(&g(y))
            .then(y.fatalities.unwrap_or(0).cmp(&x.fatalities.unwrap_or(0)))
            .then_with(|| (&y.date, &y.id).cmp(&(&x.date, &x.id)))
    });
    marks.truncate(max);
    marks.sort_by(|x, y| (&x.date, &x.id).cmp(&(&y.date, &y.id)));
    marks
}

/// The first day to read for the baselines of the days from `since`.
fn lead_in(since: Option<&str>, rule: &Rule) -> Option<String> {
    since.and_then(Date::parse_iso).map(|d| {
        d.add_days(-(rule.window.max(rule.min_history) as i32))
            .to_string()
    })
}

/// The alerts of every pair of countries that acted on each other, from
/// `since` to `until`, latest first.
pub fn alerts(
    c: &mut dyn Conn,
    since: Option<&str>,
    until: Option<&str>,
    rule: &Rule,
) -> Result<Vec<Alert>> {
    let mut params: Vec<Value> = Vec::new();
    let mut sql = "SELECT e.source_country, e.target_country, e.date, e.event_type, e.goldstein, \
                   e.fatalities FROM events e WHERE e.date <> '' \
                   AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL \
                   AND e.source_country <> e.target_country"
        .to_string();
    let from = lead_in(since, rule);
    for (d, op) in [(from.as_deref(), ">="), (until, "<=")] {
        if let Some(d) = d {
            params.push(d.into());
            sql.push_str(&format!(" AND e.date {op} ${}", params.len()));
        }
    }
    type DayRows = Vec<(String, String, Option<f64>, Option<i64>)>;
    let mut by_dyad: HashMap<(String, String), DayRows> = HashMap::new();
    c.query(&sql, &params, &mut |r| {
        let (s, t) = (r.req_text(0)?, r.req_text(1)?);
        let key = if s < t { (s, t) } else { (t, s) };
        by_dyad.entry(key).or_default().push((
            r.req_text(2)?,
            r.req_text(3)?,
            r.real(4)?,
            r.int(5)?,
        ));
        Ok(())
    })?;
    let mut out = Vec::new();
    for ((a, b), rows) in by_dyad {
        let days = dense(rows, None, None);
        let conflict: Vec<f64> = days.iter().map(|d| d.conflict).collect();
        for (i, mean, sd) in escalations(&conflict, rule) {
            let d = &days[i];
            if since.is_some_and(|s| d.date.as_str() < s) {
                continue;
            }
            out.push(Alert {
                a: Side::Country(a.clone()),
                b: Side::Country(b.clone()),
                date: d.date.clone(),
                conflict: d.conflict,
                baseline: mean,
                spread: sd,
                events: d.events,
                fatalities: d.fatalities,
            });
        }
    }
    out.sort_by(|x, y| {
        y.date
            .cmp(&x.date)
            .then(y.conflict.total_cmp(&x.conflict))
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A series of `n` days: `base` plus a small wobble, with `spikes`
    /// (day, score) set on top.
    fn generated(n: usize, base: f64, spikes: &[(usize, f64)]) -> Vec<f64> {
        let mut s: Vec<f64> = (0..n)
            .map(|i| base + [0.0, 1.0, 0.0, 2.0, 1.0][i % 5])
            .collect();
        for &(d, v) in spikes {
            s[d] = v;
        }
        s
    }

    #[test]
    fn a_flare_after_calm_alerts_once() {
        let s = generated(60, 0.0, &[(40, 30.0)]);
        let found = escalations(&s, &Rule::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 40);
        assert!(found[0].1 < 2.0 && found[0].2 < 1.0, "{found:?}");
    }

    #[test]
    fn a_steady_war_does_not_alert_every_day() {
        // Every day between 40 and 42: loud, but its own normal.
        let s = generated(120, 40.0, &[]);
        assert!(escalations(&s, &Rule::default()).is_empty());
        // A day twice as loud as that normal does.
        let s = generated(120, 40.0, &[(100, 90.0)]);
        let found = escalations(&s, &Rule::default());
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![100]);
    }

    #[test]
    fn small_or_early_rises_do_not_alert() {
        // Below the least score, however calm before.
        let s = generated(60, 0.0, &[(40, 8.0)]);
        assert!(escalations(&s, &Rule::default()).is_empty());
        // Before the dyad has history.
        let s = generated(60, 0.0, &[(5, 50.0)]);
        assert!(escalations(&s, &Rule::default()).is_empty());
        // A rise the window saw coming (a slow climb) is not a flare.
        let climb: Vec<f64> = (0..60).map(|i| i as f64).collect();
        assert!(escalations(&climb, &Rule::default()).is_empty());
    }

    #[test]
    fn days_between_events_are_zeros() {
        let rows = vec![
            ("2024-01-01".into(), "ASSAULT".into(), Some(-10.0), Some(3)),
            ("2024-01-01".into(), "AGREE".into(), Some(3.0), None),
            ("2024-01-04".into(), "THREATEN".into(), Some(-4.4), None),
        ];
        let days = dense(rows, None, None);
        assert_eq!(days.len(), 4);
        assert_eq!(days[0].conflict, 10.0);
        assert_eq!(days[0].cooperation, 3.0);
        assert_eq!(days[0].fatalities, 3);
        assert_eq!(days[0].by_type.get("ASSAULT"), Some(&1));
        assert_eq!(days[1].events, 0);
        assert_eq!(days[3].date, "2024-01-04");
    }

    #[test]
    fn a_long_history_keeps_its_latest_days() {
        let rows = vec![
            ("2001-01-01".into(), "ASSAULT".into(), Some(-10.0), None),
            ("2024-01-01".into(), "ASSAULT".into(), Some(-10.0), None),
        ];
        let days = dense(rows, None, None);
        assert_eq!(days.len(), MAX_DAYS as usize);
        assert_eq!(days.last().map(|d| d.date.as_str()), Some("2024-01-01"));
        assert_eq!(days.last().map(|d| d.conflict), Some(10.0));
    }

    #[test]
    fn three_letters_are_a_country() {
        assert_eq!(Side::parse("usa"), Side::Country("USA".into()));
        assert_eq!(Side::parse("Hamas"), Side::Actor("Hamas".into()));
    }

    #[test]
    fn a_long_series_keeps_its_most_violent_events_in_date_order() {
        let mark = |id: &str, date: &str, g: f64, f: i64| Mark {
            id: id.into(),
            date: date.into(),
            event_type: "ASSAULT".into(),
            goldstein: Some(g),
            fatalities: Some(f),
        };
        let marks = vec![
            mark("a", "2024-01-01", -10.0, 0),
            mark("b", "2024-01-02", 3.0, 0),
            mark("c", "2024-01-03", -10.0, 9),
            mark("d", "2024-01-04", -2.0, 0),
            mark("e", "2024-01-05", -10.0, 0),
        ];
        let ids = |ms: Vec<Mark>| ms.into_iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(
            ids(most_violent(marks.clone(), 9)),
            ["a", "b", "c", "d", "e"]
        );
        // -10 with deaths first, then the later -10, then the earlier.
        assert_eq!(ids(most_violent(marks.clone(), 2)), ["c", "e"]);
        assert_eq!(ids(most_violent(marks, 3)), ["a", "c", "e"]);
    }
}
