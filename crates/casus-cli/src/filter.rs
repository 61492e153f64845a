//! The event filters shared by `query`, `export` and `stats`.

use anyhow::{anyhow, Result};
use casus_store::params::FilterText;
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
    /// The store's filter, after checking every value; a bad value is
    /// named by its flag.
    pub fn filter(&self, limit: Option<u64>) -> Result<Filter> {
        let text = FilterText {
            types: self.types.clone(),
            modes: self.modes.clone(),
            country: self.country.clone(),
            actor: self.actor.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            bbox: self.bbox.clone(),
            min_fatalities: self.min_fatalities.map(|n| n.to_string()),
            text: self.text.clone(),
        };
        let mut f = text.check().map_err(|e| {
            anyhow!(
                "--{} {:?}: {}",
                e.field.replace('_', "-"),
                e.value,
                e.expected
            )
        })?;
        f.limit = limit;
        Ok(f)
    }
}
