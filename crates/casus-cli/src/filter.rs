//! The event filters shared by `query`, `export` and `stats`.

use anyhow::{bail, Result};
use casus_core::Date;
use casus_store::Filter;

/// Which events to show.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct FilterArgs {
    /// PLOVER event types (comma-separated or repeated): ASSAULT,PROTEST.
    #[arg(long = "type", value_delimiter = ',')]
    pub types: Vec<String>,
    /// PLOVER modes (comma-separated or repeated): aerial,firearms.
    #[arg(long = "mode", value_delimiter = ',')]
    pub modes: Vec<String>,
    /// ISO 3166-1 alpha-3 code of the source's, target's or location's
    /// country.
    #[arg(long)]
    pub country: Option<String>,
    /// Words in an actor's name.
    #[arg(long)]
    pub actor: Option<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Bounding box WEST,SOUTH,EAST,NORTH in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// At least this many killed.
    #[arg(long)]
    pub min_fatalities: Option<i64>,
    /// Words in the evidence of any report.
    #[arg(long)]
    pub text: Option<String>,
}

impl FilterArgs {
    /// The store's filter, after checking every value.
    pub fn filter(&self, limit: Option<u64>) -> Result<Filter> {
        let mut types = Vec::new();
        for t in &self.types {
            let up = t.trim().to_ascii_uppercase();
            if !casus_core::ontology::EVENT_TYPES.contains(&up.as_str()) {
                bail!(
                    "--type {t:?} is not a PLOVER event type (one of {})",
                    casus_core::ontology::EVENT_TYPES.join(", ")
                );
            }
            types.push(up);
        }
        let date = |flag: &str, v: &Option<String>| -> Result<Option<String>> {
            match v {
                None => Ok(None),
                Some(s) => match Date::parse_iso(s).filter(|_| s.len() == 10) {
                    Some(d) => Ok(Some(d.to_string())),
                    None => bail!("--{flag} {s:?} is not a date (YYYY-MM-DD)"),
                },
            }
        };
        let country = match &self.country {
            Some(c) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => bail!("--country {c:?} is not an ISO 3166-1 alpha-3 code (e.g. UKR)"),
            None => None,
        };
        let bbox = match &self.bbox {
            None => None,
            Some(s) => Some(parse_bbox(s)?),
        };
        if let Some(n) = self.min_fatalities.filter(|n| *n < 0) {
            bail!("--min-fatalities {n} is negative");
        }
        Ok(Filter {
            types,
            modes: self.modes.iter().map(|m| m.trim().to_string()).collect(),
            country,
            actor: self.actor.clone(),
            since: date("since", &self.since)?,
            until: date("until", &self.until)?,
            bbox,
            min_fatalities: self.min_fatalities,
            text: self.text.clone(),
            limit,
            after: None,
        })
    }
}

/// `WEST,SOUTH,EAST,NORTH`.
pub fn parse_bbox(s: &str) -> Result<[f64; 4]> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| anyhow::anyhow!("--bbox {s:?}: four numbers WEST,SOUTH,EAST,NORTH"))?;
    let [w, so, e, n] = parts[..] else {
        bail!("--bbox {s:?}: four numbers WEST,SOUTH,EAST,NORTH");
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
        bail!("--bbox {s:?}: longitudes lie in -180..180");
    }
    if !(-90.0..=90.0).contains(&so) || !(-90.0..=90.0).contains(&n) || so > n {
        bail!("--bbox {s:?}: latitudes lie in -90..90, south before north");
    }
    Ok([w, so, e, n])
}
