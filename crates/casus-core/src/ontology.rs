//! The code tables: PLOVER event types and modes, CAMEO codes with their
//! Goldstein values, and the ACLED event types beside them.
//!
//! Read from `data/ontology/` (PLOVER and CAMEO tables from the Open Event
//! Data Alliance and the GDELT lookup files; see `data/ontology/NOTICE`).

use crate::data::{DataError, DataFiles};
use rustc_hash::FxHashMap as HashMap;

/// The sixteen PLOVER v0.8 event types. Written, read and serialised as
/// the manual writes them ("ASSAULT"); ordered as the manual lists them,
/// from verbal cooperation to material conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// Agree to, or sign, an agreement; promise to cooperate.
    Agree,
    /// Meet, visit, telephone, negotiate.
    Consult,
    /// Praise, endorse, defend verbally.
    Support,
    /// Yield: ease restrictions, resign, release, return.
    Concede,
    /// Cooperate materially: share intelligence, work together.
    Cooperate,
    /// Give aid: economic, military, humanitarian.
    Aid,
    /// Withdraw, demobilise, cease fire.
    Retreat,
    /// Ask or demand.
    Request,
    /// Accuse, criticise, investigate.
    Accuse,
    /// Refuse, reject, veto.
    Reject,
    /// Threaten force or a measure.
    Threaten,
    /// Demonstrate, riot, strike.
    Protest,
    /// Cut relations, expel, embargo, sanction.
    Sanction,
    /// Mobilise or deploy forces.
    Mobilize,
    /// Coerce without force against people: arrest, restrict, seize.
    Coerce,
    /// Use force: attack, bomb, kill.
    Assault,
}

impl EventType {
    /// All sixteen, in the manual's order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The name as PLOVER writes it ("ASSAULT").
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// The type of a name as PLOVER writes it (upper case), if it is one.
    pub fn parse(name: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// True for the types that are statements rather than deeds: dated
    /// when said and placed where the speaker is unless the text says
    /// otherwise.
    pub fn is_verbal(self) -> bool {
        use EventType as T;
        matches!(
            self,
            T::Agree | T::Consult | T::Support | T::Request | T::Accuse | T::Reject | T::Threaten
        )
    }

    /// True for the types of force, whose events have tolls: assaults,
    /// coercion and protests.
    pub fn is_force(self) -> bool {
        matches!(
            self,
            EventType::Assault | EventType::Coerce | EventType::Protest
        )
    }

    /// True for the cooperative types (verbal or material).
    pub fn is_cooperative(self) -> bool {
        use EventType as T;
        matches!(
            self,
            T::Agree | T::Consult | T::Support | T::Concede | T::Cooperate | T::Aid | T::Retreat
        )
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for EventType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for EventType {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for EventType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What an event is coded as: its PLOVER type and mode and the CAMEO code
/// that gives its Goldstein value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Coding {
    /// PLOVER type.
    pub event_type: EventType,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO code.
    pub cameo: String,
}

/// The rules of `ontology/recodes.tsv`: what an event becomes when the
/// words around its trigger change it. The grammar that decides when each
/// applies is in the candidates stage; the codes are in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Recode {
    /// Force promised, announced or made conditional.
    ThreatOfForce,
    /// Any other measure against someone promised, announced or made
    /// conditional.
    Threat,
    /// A cooperation refused.
    Refusal,
    /// A cooperation announced for later.
    Promise,
    /// Troops or police "visiting": deployed.
    Deployment,
    /// Soldiers, police or officials "protesting": restricting.
    Restriction,
    /// Protesters attacking or coercing: a riot.
    Riot,
    /// A "charge" at a crowd or with batons: force, not an accusation.
    BatonCharge,
    /// An "attack" on a decision, inquiry or remark: criticism.
    VerbalAttack,
}

impl Recode {
    /// Every rule, in the order of the table's rows.
    const ALL: [Recode; 9] = [
        Recode::ThreatOfForce,
        Recode::Threat,
        Recode::Refusal,
        Recode::Promise,
        Recode::Deployment,
        Recode::Restriction,
        Recode::Riot,
        Recode::BatonCharge,
        Recode::VerbalAttack,
    ];

    /// The rule's name in the table.
    fn name(self) -> &'static str {
        match self {
            Recode::ThreatOfForce => "threat_of_force",
            Recode::Threat => "threat",
            Recode::Refusal => "refusal",
            Recode::Promise => "promise",
            Recode::Deployment => "deployment",
            Recode::Restriction => "restriction",
            Recode::Riot => "riot",
            Recode::BatonCharge => "baton_charge",
            Recode::VerbalAttack => "verbal_attack",
        }
    }

    /// The threat that a measure of type `t` becomes when promised or
    /// made conditional: of force for an assault, else of a measure.
    pub(crate) fn threat_of(t: EventType) -> Recode {
        if t == EventType::Assault {
            Recode::ThreatOfForce
        } else {
            Recode::Threat
        }
    }
}

/// ACLED's classification of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Acled {
    /// ACLED event type, e.g. "Explosions/Remote violence".
    pub event_type: String,
    /// ACLED sub-event type, e.g. "Air/drone strike".
    pub sub_event_type: String,
}

struct AcledRule {
    event_type: EventType,
    mode: String,
    target_sector: String,
    acled: Acled,
}

/// The loaded code tables.
pub(crate) struct Ontology {
    goldstein: HashMap<String, f32>,
    /// Modes casus codes beyond the manual's (`ontology/extra_modes.tsv`).
    extra_modes: Vec<String>,
    /// The codings of [`Recode`]'s rules, in its order.
    recodes: Vec<Coding>,
    modes: HashMap<EventType, Vec<String>>,
    acled: Vec<AcledRule>,
}

impl Ontology {
    /// Loads the tables from `files`.
    pub(crate) fn load(files: &DataFiles) -> Result<Ontology, DataError> {
        let t = files.table("ontology/cameo_codes.tsv")?;
        let (c_code, c_g) = (t.col("code")?, t.col("goldstein")?);
        let mut goldstein = HashMap::default();
        for r in &t.rows {
            let g: f32 = r
                .get(c_g)
                .parse()
                .map_err(|_| t.error(r, format!("goldstein {:?} is not a number", r.get(c_g))))?;
            goldstein.insert(r.get(c_code).to_string(), g);
        }
        let t = files.table("ontology/plover_modes.tsv")?;
        let (c_type, c_mode) = (t.col("event_type")?, t.col("mode")?);
        let mut modes: HashMap<EventType, Vec<String>> = HashMap::default();
        for r in &t.rows {
            let ty = r.get(c_type);
            let ty = EventType::parse(ty)
                .ok_or_else(|| t.error(r, format!("unknown PLOVER type {ty:?}")))?;
            let m = modes.entry(ty).or_default();
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
        let mut acled = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            let ty = r.get(cols.0);
            acled.push(AcledRule {
                event_type: EventType::parse(ty)
                    .ok_or_else(|| t.error(r, format!("unknown PLOVER type {ty:?}")))?,
                mode: r.get(cols.1).into(),
                target_sector: r.get(cols.2).into(),
                acled: Acled {
                    event_type: r.get(cols.3).into(),
                    sub_event_type: r.get(cols.4).into(),
                },
            });
        }
        let t = files.table("ontology/extra_modes.tsv")?;
        let c = t.col("mode")?;
        let extra_modes = t.rows.iter().map(|r| r.get(c).to_string()).collect();
        let mut o = Ontology {
            goldstein,
            extra_modes,
            recodes: Vec::new(),
            modes,
            acled,
        };
        o.recodes = o.load_recodes(files)?;
        Ok(o)
    }

    /// Reads `ontology/recodes.tsv`: one row per rule of [`Recode`], each
    /// a known type, one of its modes and a CAMEO code.
    fn load_recodes(&self, files: &DataFiles) -> Result<Vec<Coding>, DataError> {
        let t = files.table("ontology/recodes.tsv")?;
        let cols = (
            t.col("rule")?,
            t.col("event_type")?,
            t.col("mode")?,
            t.col("cameo")?,
        );
        let mut found: Vec<Option<Coding>> = vec![None; Recode::ALL.len()];
        for r in &t.rows {
            let name = r.get(cols.0);
            let Some(i) = Recode::ALL.iter().position(|k| k.name() == name) else {
                return Err(t.error(r, format!("no recoding rule is called {name:?}")));
            };
            let coding = self
                .coding(r.get(cols.1), r.get(cols.2), r.get(cols.3))
                .map_err(|m| t.error(r, m))?;
            found[i] = Some(coding);
        }
        found
            .into_iter()
            .zip(Recode::ALL)
            .map(|(c, k)| {
                c.ok_or_else(|| DataError {
                    file: t.name.into(),
                    line: 0,
                    message: format!("no row for the rule {:?}", k.name()),
                })
            })
            .collect()
    }

    /// A coding from a table's words, or why they are not one.
    pub(crate) fn coding(
        &self,
        event_type: &str,
        mode: &str,
        cameo: &str,
    ) -> Result<Coding, String> {
        let ty = EventType::parse(event_type)
            .ok_or_else(|| format!("unknown PLOVER type {event_type:?}"))?;
        let mode = Some(mode.to_string()).filter(|m| !m.is_empty());
        if let Some(m) = &mode {
            if !self.is_mode(ty, m) {
                return Err(format!("{m:?} is not a PLOVER mode of {ty}"));
            }
        }
        if !self.is_cameo(cameo) {
            return Err(format!("{cameo:?} is not a CAMEO code"));
        }
        Ok(Coding {
            event_type: ty,
            mode,
            cameo: cameo.to_string(),
        })
    }

    /// The coding a rule gives.
    pub(crate) fn recode(&self, rule: Recode) -> Coding {
        // load_recodes fills one coding per rule, in Recode::ALL's order.
        self.recodes[rule as usize].clone()
    }

    /// The Goldstein value of a CAMEO code: the code's own, else its
    /// three-digit parent's, else its root's.
    pub(crate) fn goldstein(&self, cameo: &str) -> Option<f32> {
        [
            cameo,
            cameo.get(..3).unwrap_or(cameo),
            cameo.get(..2).unwrap_or(cameo),
        ]
        .iter()
        .find_map(|c| self.goldstein.get(*c).copied())
    }

    /// True when `code` is in the CAMEO table.
    pub(crate) fn is_cameo(&self, code: &str) -> bool {
        self.goldstein.contains_key(code)
    }

    /// True when `mode` is a PLOVER v0.8 mode of `event_type`, or one of
    /// the modes casus adds (`ontology/extra_modes.tsv`).
    pub(crate) fn is_mode(&self, event_type: EventType, mode: &str) -> bool {
        self.modes
            .get(&event_type)
            .is_some_and(|m| m.iter().any(|x| x == mode))
            || self.extra_modes.iter().any(|x| x == mode)
    }

    /// The ACLED type of a PLOVER event: the first rule matching type,
    /// mode and target sector, preferring a rule with the exact mode.
    pub(crate) fn acled(
        &self,
        event_type: EventType,
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
    fn event_types_read_back_by_name() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_string(&t).ok(), Some(format!("\"{t}\"")));
        }
        assert_eq!(EventType::parse("assault"), None);
        assert!(EventType::Threaten.is_verbal() && !EventType::Threaten.is_cooperative());
        assert!(EventType::Aid.is_cooperative() && !EventType::Aid.is_verbal());
        assert!(!EventType::Assault.is_verbal() && !EventType::Assault.is_cooperative());
    }

    #[test]
    fn recodes_come_from_their_table_and_bad_rows_are_named() {
        let files = DataFiles::builtin();
        let o = Ontology::load(&files).unwrap_or_else(|e| panic!("{e}"));
        let threat = o.recode(Recode::threat_of(EventType::Assault));
        assert_eq!(
            (threat.event_type, threat.cameo.as_str()),
            (EventType::Threaten, "138")
        );
        assert_eq!(
            o.recode(Recode::threat_of(EventType::Sanction)).cameo,
            "130"
        );
        assert_eq!(o.recode(Recode::Riot).mode.as_deref(), Some("riot"));
        let head = "rule\tevent_type\tmode\tcameo\n";
        let bad = |rows: &str| {
            let files = files.with("ontology/recodes.tsv", &format!("{head}{rows}"));
            Ontology::load(&files).err().map(|e| e.to_string())
        };
        let all = files
            .table("ontology/recodes.tsv")
            .map(|t| t.rows.len())
            .unwrap_or(0);
        assert_eq!(all, Recode::ALL.len());
        assert_eq!(
            bad("sulk\tREJECT\t\t120\n").as_deref(),
            Some("ontology/recodes.tsv:2: no recoding rule is called \"sulk\"")
        );
        assert_eq!(
            bad("riot\tPROTEST\tdance\t145\n").as_deref(),
            Some("ontology/recodes.tsv:2: \"dance\" is not a PLOVER mode of PROTEST")
        );
        let missing = bad("riot\tPROTEST\triot\t145\n").unwrap_or_default();
        assert!(
            missing.contains("no row for the rule \"threat_of_force\""),
            "{missing}"
        );
    }

    #[test]
    fn tables_load_and_answer() {
        let o = Ontology::load(&DataFiles::builtin()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.goldstein("195"), Some(-10.0));
        assert_eq!(o.goldstein("1953"), Some(-10.0));
        assert!(o.is_mode(EventType::Assault, "aerial"));
        let a = o.acled(EventType::Assault, Some("aerial"), Some("MIL"));
        assert_eq!(
            a.map(|a| a.sub_event_type),
            Some("Air/drone strike".to_string())
        );
        let a = o.acled(EventType::Assault, Some("firearms"), Some("CVL"));
        assert_eq!(
            a.map(|a| a.event_type),
            Some("Violence against civilians".to_string())
        );
        assert!(o.acled(EventType::Accuse, None, None).is_none());
    }
}
