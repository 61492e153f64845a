//! Filters given as text, from command-line flags or URL query
//! parameters, checked into a [`Filter`]. One set of rules for every
//! front end: the CLI names a bad value by its flag (`--since`), the
//! HTTP API by its parameter (`since`).

use crate::model::{Cursor, Filter};
use casus_core::Date;
use casus_core::EventType;
use std::fmt;

/// The filters as given; every one optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterText {
    /// PLOVER types, each may hold several separated by commas.
    pub types: Vec<String>,
    /// PLOVER modes, likewise.
    pub modes: Vec<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
    /// Words in an actor's name.
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// `WEST,SOUTH,EAST,NORTH` in degrees.
    pub bbox: Option<String>,
    /// At least this many killed, a whole number.
    pub min_fatalities: Option<String>,
    /// Words in the evidence of any report.
    pub text: Option<String>,
}

/// A value that is not what its field takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadValue {
    /// The field's name as the user wrote it (`since`, `min_fatalities`).
    pub field: &'static str,
    /// The value given.
    pub value: String,
    /// What the field takes.
    pub expected: String,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}: {}", self.field, self.value, self.expected)
    }
}

impl std::error::Error for BadValue {}

fn bad(field: &'static str, value: &str, expected: impl Into<String>) -> BadValue {
    BadValue {
        field,
        value: value.to_string(),
        expected: expected.into(),
    }
}

/// The items of comma-separated lists, trimmed, empty ones left out.
fn items(lists: &[String]) -> impl Iterator<Item = &str> {
    lists
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl FilterText {
    /// The store's filter, after checking every value; the first bad
    /// value is the error.
    pub fn check(&self) -> Result<Filter, BadValue> {
        let mut types = Vec::new();
        for t in items(&self.types) {
            let Some(up) = EventType::parse(&t.to_ascii_uppercase()) else {
                let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                return Err(bad(
                    "type",
                    t,
                    format!("not a PLOVER event type (one of {})", names.join(", ")),
                ));
            };
            if !types.contains(&up) {
                types.push(up);
            }
        }
        let country = match non_empty(&self.country) {
            Some(c) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => {
                return Err(bad(
                    "country",
                    c,
                    "not an ISO 3166-1 alpha-3 code (e.g. UKR)",
                ))
            }
            None => None,
        };
        let since = day("since", &self.since)?;
        let until = day("until", &self.until)?;
        if let (Some(s), Some(u)) = (&since, &until) {
            if s > u {
                return Err(bad("until", u, format!("before since {s}")));
            }
        }
        let bbox = match non_empty(&self.bbox) {
            None => None,
            Some(s) => Some(parse_bbox(s)?),
        };
        let min_fatalities = match non_empty(&self.min_fatalities) {
            None => None,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => return Err(bad("min_fatalities", s, "not a whole number 0 or more")),
            },
        };
        // Control characters match nothing a store holds, and NUL is
        // refused by PostgreSQL and ends SQLite's full-text query.
        let words = [("actor", &self.actor), ("text", &self.text)]
            .into_iter()
            .filter_map(|(f, v)| Some((f, v.as_deref()?)))
            .chain(self.modes.iter().map(|m| ("mode", m.as_str())));
        for (field, v) in words {
            if let Some(c) = v.chars().find(|c| c.is_control()) {
                return Err(bad(
                    field,
                    v,
                    format!(
                        "words with no control characters (it has U+{:04X})",
                        c as u32
                    ),
                ));
            }
        }
        Ok(Filter {
            types,
            modes: items(&self.modes).map(String::from).collect(),
            country,
            actor: non_empty(&self.actor).map(String::from),
            since,
            until,
            bbox,
            min_fatalities,
            text: non_empty(&self.text).map(String::from),
            limit: None,
            after: None,
        })
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn day(field: &'static str, v: &Option<String>) -> Result<Option<String>, BadValue> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => match Date::parse_iso(s).filter(|_| s.len() == 10) {
            Some(d) => Ok(Some(d.to_string())),
            None => Err(bad(field, s, "not a date (YYYY-MM-DD)")),
        },
    }
}

/// `WEST,SOUTH,EAST,NORTH` in degrees; west may exceed east (a box
/// across the antimeridian).
pub fn parse_bbox(s: &str) -> Result<[f64; 4], BadValue> {
    let form = "four numbers WEST,SOUTH,EAST,NORTH";
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("bbox", s, form))?;
    let [w, so, e, n] = parts[..] else {
        return Err(bad("bbox", s, form));
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
        return Err(bad("bbox", s, "longitudes lie in -180..180"));
    }
    if !(-90.0..=90.0).contains(&so) || !(-90.0..=90.0).contains(&n) || so > n {
        return Err(bad(
            "bbox",
            s,
            "latitudes lie in -90..90, south before north",
        ));
    }
    Ok([w, so, e, n])
}

/// A cursor as text: opaque to clients, it is the hexadecimal of the
/// event's date and id joined by a tab.
pub fn encode_cursor(c: &Cursor) -> String {
    let mut out = String::with_capacity(2 * (c.date.len() + c.id.len() + 1));
    for b in c.date.bytes().chain([b'\t']).chain(c.id.bytes()) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The cursor [`encode_cursor`] wrote.
pub fn decode_cursor(s: &str) -> Result<Cursor, BadValue> {
    let wrong = || bad("cursor", s, "not a cursor this server gave");
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return Err(wrong());
    }
    let bytes: Vec<u8> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .map_err(|_| wrong())?;
    let text = String::from_utf8(bytes).map_err(|_| wrong())?;
    let (date, id) = text.split_once('\t').ok_or_else(wrong)?;
    if !(date.is_empty() || Date::parse_iso(date).is_some()) || id.is_empty() {
        return Err(wrong());
    }
    Ok(Cursor {
        date: date.into(),
        id: id.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> FilterText {
        FilterText::default()
    }

    #[test]
    fn good_values_become_a_filter() {
        let f = FilterText {
            types: vec!["assault, protest".into(), "ASSAULT".into()],
            country: Some("ukr".into()),
            since: Some("2024-01-01".into()),
            until: Some("2024-02-01".into()),
            bbox: Some("170,-10,-170,10".into()),
            min_fatalities: Some("3".into()),
            ..text()
        }
        .check()
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.types, ["ASSAULT", "PROTEST"]);
        assert_eq!(f.country.as_deref(), Some("UKR"));
        assert_eq!(f.bbox, Some([170.0, -10.0, -170.0, 10.0]));
        assert_eq!(f.min_fatalities, Some(3));
    }

    #[test]
    fn each_bad_value_is_named() {
        let cases: [(FilterText, &str); 7] = [
            (
                FilterText {
                    types: vec!["BOMBING".into()],
                    ..text()
                },
                "type",
            ),
            (
                FilterText {
                    country: Some("Ukraine".into()),
                    ..text()
                },
                "country",
            ),
            (
                FilterText {
                    since: Some("2024-13-01".into()),
                    ..text()
                },
                "since",
            ),
            (
                FilterText {
                    until: Some("yesterday".into()),
                    ..text()
                },
                "until",
            ),
            (
                FilterText {
                    since: Some("2024-02-01".into()),
                    until: Some("2024-01-01".into()),
                    ..text()
                },
                "until",
            ),
            (
                FilterText {
                    bbox: Some("1,2,3".into()),
                    ..text()
                },
                "bbox",
            ),
            (
                FilterText {
                    min_fatalities: Some("-1".into()),
                    ..text()
                },
                "min_fatalities",
            ),
        ];
        for (t, field) in cases {
            match t.check() {
                Err(e) => assert_eq!(e.field, field, "{e}"),
                Ok(f) => panic!("{t:?} was taken as {f:?}"),
            }
        }
    }

    #[test]
    fn cursors_go_there_and_back_and_forgeries_are_refused() {
        let c = Cursor {
            date: "2024-02-02".into(),
            id: "tower22#3\té".into(),
        };
        assert_eq!(decode_cursor(&encode_cursor(&c)), Ok(c));
        let none = Cursor {
            date: String::new(),
            id: "x".into(),
        };
        assert_eq!(decode_cursor(&encode_cursor(&none)), Ok(none));
        for s in ["", "zz", "abc", "00", "41", "ff09ff"] {
            assert!(decode_cursor(s).is_err(), "{s}");
        }
    }
}
