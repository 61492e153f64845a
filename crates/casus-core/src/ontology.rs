//! The code tables: PLOVER event types and modes, CAMEO codes with their
//! Goldstein values, and the ACLED event types beside them.
//!
//! Read from `data/ontology/` (PLOVER and CAMEO tables from the Open Event
//! Data Alliance and the GDELT lookup files; see `data/ontology/NOTICE`).

use crate::data::{DataError, DataFiles};
use rustc_hash::FxHashMap as HashMap;

/// The sixteen PLOVER v0.8 event types, in the manual's order.
pub const EVENT_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// True for the types that are statements rather than deeds: dated when
/// said and placed where the speaker is unless the text says otherwise.
pub fn is_verbal(event_type: &str) -> bool {
    matches!(
        event_type,
        "AGREE" | "CONSULT" | "SUPPORT" | "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN"
    )
}

/// True for the cooperative types (verbal or material).
pub fn is_cooperative(event_type: &str) -> bool {
    matches!(
        event_type,
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" | "COOPERATE" | "AID" | "RETREAT"
    )
}

/// ACLED's classification of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acled {
    /// ACLED event type, e.g. "Explosions/Remote violence".
    pub event_type: String,
    /// ACLED sub-event type, e.g. "Air/drone strike".
    pub sub_event_type: String,
}

struct AcledRule {
    event_type: String,
    mode: String,
    target_sector: String,
    acled: Acled,
}

/// The loaded code tables.
pub struct Ontology {
    goldstein: HashMap<String, f32>,
    labels: HashMap<String, String>,
    modes: HashMap<String, Vec<String>>,
    acled: Vec<AcledRule>,
}

impl Ontology {
    /// Loads the tables from `files`.
    pub fn load(files: &DataFiles) -> Result<Ontology, DataError> {
        let t = files.table("ontology/cameo_codes.tsv")?;
        let (c_code, c_label, c_g) = (t.col("code")?, t.col("label")?, t.col("goldstein")?);
        let mut goldstein = HashMap::default();
        let mut labels = HashMap::default();
        for r in &t.rows {
            let g: f32 = r
                .get(c_g)
                .parse()
                .map_err(|_| t.error(r, format!("goldstein {:?} is not a number", r.get(c_g))))?;
            goldstein.insert(r.get(c_code).to_string(), g);
            labels.insert(r.get(c_code).to_string(), r.get(c_label).to_string());
        }
        let t = files.table("ontology/plover_modes.tsv")?;
        let (c_type, c_mode) = (t.col("event_type")?, t.col("mode")?);
        let mut modes: HashMap<String, Vec<String>> = HashMap::default();
        for r in &t.rows {
            let ty = r.get(c_type);
            if !EVENT_TYPES.contains(&ty) {
                return Err(t.error(r, format!("unknown PLOVER type {ty:?}")));
            }
            let m = modes.entry(ty.to_string()).or_default();
            if !r.get(c_mode).is_empty() {
                m.push(r.get(c_mode).to_string());
            }
        }
        let t = files.table("ontology/plover2acled.tsv")?;
        let cols = (
            t.col("event_type")?,
            t.col("mode")?,
            t.col("target_sector")?,
            t.col("acled_event_type")?,
            t.col("acled_sub_event_type")?,
        );
        let acled = t
            .rows
            .iter()
            .map(|r| AcledRule {
                event_type: r.get(cols.0).into(),
                mode: r.get(cols.1).into(),
                target_sector: r.get(cols.2).into(),
                acled: Acled {
                    event_type: r.get(cols.3).into(),
                    sub_event_type: r.get(cols.4).into(),
                },
            })
            .collect();
        Ok(Ontology {
            goldstein,
            labels,
            modes,
            acled,
        })
    }

    /// The Goldstein value of a CAMEO code: the code's own, else its
    /// three-digit parent's, else its root's.
    pub fn goldstein(&self, cameo: &str) -> Option<f32> {
        [
            cameo,
            cameo.get(..3).unwrap_or(cameo),
            cameo.get(..2).unwrap_or(cameo),
        ]
        .iter()
        .find_map(|c| self.goldstein.get(*c).copied())
    }

    /// The label of a CAMEO code, if the table has it.
    pub fn cameo_label(&self, cameo: &str) -> Option<&str> {
        self.labels.get(cameo).map(String::as_str)
    }

    /// True when `code` is in the CAMEO table.
    pub fn is_cameo(&self, code: &str) -> bool {
        self.goldstein.contains_key(code)
    }

    /// True when `mode` is a PLOVER v0.8 mode of `event_type`.
    pub fn is_mode(&self, event_type: &str, mode: &str) -> bool {
        self.modes
            .get(event_type)
            .is_some_and(|m| m.iter().any(|x| x == mode))
    }

    /// The ACLED type of a PLOVER event: the first rule matching type,
    /// mode and target sector, preferring a rule with the exact mode.
    pub fn acled(
        &self,
        event_type: &str,
        mode: Option<&str>,
        target_sector: Option<&str>,
    ) -> Option<Acled> {
        let mode = mode.unwrap_or("");
        let sector = target_sector.unwrap_or("");
        let fits = |r: &&AcledRule| {
            r.event_type == event_type && (r.target_sector.is_empty() || r.target_sector == sector)
        };
        // Exact mode first, then a rule for the target's sector; ties go
        // to the earlier row.
        self.acled
            .iter()
            .filter(fits)
            .filter(|r| r.mode == mode || r.mode.is_empty())
            .rev()
            .max_by_key(|r| (r.mode == mode, !r.target_sector.is_empty()))
            .map(|r| r.acled.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_answer() {
        let o = Ontology::load(&DataFiles::builtin()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.goldstein("195"), Some(-10.0));
        assert_eq!(o.goldstein("1953"), Some(-10.0));
        assert!(o.is_mode("ASSAULT", "aerial"));
        let a = o.acled("ASSAULT", Some("aerial"), Some("MIL"));
        assert_eq!(
            a.map(|a| a.sub_event_type),
            Some("Air/drone strike".to_string())
        );
        let a = o.acled("ASSAULT", Some("firearms"), Some("CVL"));
        assert_eq!(
            a.map(|a| a.event_type),
            Some("Violence against civilians".to_string())
        );
        assert!(o.acled("ACCUSE", None, None).is_none());
    }
}
