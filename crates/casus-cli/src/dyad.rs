//! `casus dyad A B` and `casus alerts`: how the conflict between two
//! sides moves day by day, drawn in the terminal, and the days when a
//! pair of countries escalates.

use anyhow::{Context as _, Result};
use casus_store::dyad::{Alert, Day, Rule, Series, Side};
use casus_store::Store;
use std::io::Write;

/// The widest chart, in characters: longer series are drawn by week.
const CHART_WIDTH: usize = 100;

/// Prints the series of `a` and `b`.
pub fn run_dyad(
    store: &mut Store,
    a: &str,
    b: &str,
    since: Option<&str>,
    until: Option<&str>,
    json: bool,
) -> Result<()> {
    let (a, b) = (Side::parse(a), Side::parse(b));
    let s = store
        .dyad(&a, &b, since, until, &Rule::default())
        .with_context(|| format!("reading {}", store.name()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
    } else {
        write_series(&mut out, &s)?;
    }
    out.flush()?;
    Ok(())
}

fn side(s: &Side) -> &str {
    match s {
        Side::Country(c) | Side::Actor(c) => c,
    }
}

fn write_series(out: &mut dyn Write, s: &Series) -> std::io::Result<()> {
    let (a, b) = (side(&s.a), side(&s.b));
    let (Some(first), Some(last)) = (s.days.first(), s.days.last()) else {
        return writeln!(out, "{a} – {b}: no events between them");
    };
    let sum = |f: &dyn Fn(&Day) -> f64| s.days.iter().map(f).sum::<f64>();
    writeln!(
        out,
        "{a} – {b}, {} to {}: {} events, conflict {:.1}, cooperation {:.1}, {} killed",
        first.date,
        last.date,
        sum(&|d| d.events as f64),
        sum(&|d| d.conflict),
        sum(&|d| d.cooperation),
        sum(&|d| d.fatalities as f64),
    )?;
    let by_week = s.days.len() > CHART_WIDTH;
    let unit = if by_week { "week" } else { "day" };
    for (name, f) in [
        ("conflict", (|d: &Day| d.conflict) as fn(&Day) -> f64),
        ("cooperation", |d: &Day| d.cooperation),
    ] {
        let values: Vec<f64> = if by_week {
            s.days.chunks(7).map(|w| w.iter().map(f).sum()).collect()
        } else {
            s.days.iter().map(f).collect()
        };
        let top = values.iter().copied().fold(0.0, f64::max);
        writeln!(out, "{name} by {unit} (█ = {top:.1}):")?;
        for row in values.chunks(CHART_WIDTH) {
            writeln!(out, "  {}", spark(row, top))?;
        }
    }
    writeln!(out, "days with events (⚠ an alert: see casus alerts):")?;
    for d in s.days.iter().filter(|d| d.events > 0) {
        let types: Vec<String> = d.by_type.iter().map(|(t, n)| format!("{t} {n}")).collect();
        writeln!(
            out,
            "  {} {:>3} {:<6}  conflict {:>6.1}  cooperation {:>5.1}  killed {:>4}  {}{}",
            d.date,
            d.events,
            if d.events == 1 { "event" } else { "events" },
            d.conflict,
            d.cooperation,
            d.fatalities,
            types.join(", "),
            if s.alerts.iter().any(|a| a.date == d.date) {
                "  ⚠"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// One block character per value, scaled to `top`.
fn spark(values: &[f64], top: f64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|&v| {
            if v <= 0.0 || top <= 0.0 {
                ' '
            } else {
                BARS[((v / top * 7.0).round() as usize).min(7)]
            }
        })
        .collect()
}

/// Prints the alerts of every pair of countries.
pub fn run_alerts(
    store: &mut Store,
    since: Option<&str>,
    until: Option<&str>,
    rule: &Rule,
    json: bool,
) -> Result<()> {
    let alerts = store
        .alerts(since, until, rule)
        .with_context(|| format!("reading {}", store.name()))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        for a in &alerts {
            writeln!(out, "{}", serde_json::to_string(a)?)?;
        }
    } else {
        writeln!(
            out,
            "rule: a day whose conflict score is at least {:.1} and {} standard deviations above \
             the mean of the {} days before it, after {} days of the dyad's history",
            rule.min_score, rule.k, rule.window, rule.min_history
        )?;
        if alerts.is_empty() {
            writeln!(out, "no alerts")?;
        }
        for a in &alerts {
            write_alert(&mut out, a)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_alert(out: &mut dyn Write, a: &Alert) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {} – {}: conflict {:.1} against a baseline of {:.1} ± {:.1}; {} events, {} killed",
        a.date,
        side(&a.a),
        side(&a.b),
        a.conflict,
        a.baseline,
        a.spread,
        a.events,
        a.fatalities
    )
}
