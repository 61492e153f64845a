//! Query strings: every key checked against what the endpoint takes,
//! so that a misspelt filter is an error, not a silently wider answer.

use crate::error::ApiError;
use casus_store::params::FilterText;
use casus_store::Filter;
use std::str::FromStr;

/// The filter keys, shared by every endpoint that lists or counts
/// events; `type` and `mode` may repeat or hold commas.
pub const FILTER_KEYS: [&str; 9] = [
    "type",
    "mode",
    "country",
    "actor",
    "since",
    "until",
    "bbox",
    "min_fatalities",
    "text",
];

/// A parsed query string.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `raw`; a key not in `filters` (when true) or `extra` is an
    /// error, as is a key given twice that is not a list.
    pub fn parse(raw: Option<&str>, filters: bool, extra: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (i, (k, _)) in pairs.iter().enumerate() {
            let known =
                (filters && FILTER_KEYS.contains(&k.as_str())) || extra.contains(&k.as_str());
            if !known {
                let mut keys: Vec<&str> = extra.to_vec();
                if filters {
                    keys.extend(FILTER_KEYS);
                }
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {k:?}; this endpoint takes {}",
                    if keys.is_empty() {
                        "none".to_string()
                    } else {
                        keys.join(", ")
                    }
                )));
            }
            let list = matches!(k.as_str(), "type" | "mode");
            if !list && pairs[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} is given twice"
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of `key`, if given and not empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The events filter.
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let one = |k: &str| self.get(k).map(String::from);
        let text = FilterText {
            types: self.all("type"),
            modes: self.all("mode"),
            country: one("country"),
            actor: one("actor"),
            since: one("since"),
            until: one("until"),
            bbox: one("bbox"),
            min_fatalities: one("min_fatalities"),
            text: one("text"),
        };
        Ok(text.check()?)
    }

    /// A number in `min..=max`, `default` when not given.
    pub fn number<T>(&self, key: &str, default: T, min: T, max: T) -> Result<T, ApiError>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        let Some(v) = self.get(key) else {
            return Ok(default);
        };
        match v.trim().parse::<T>() {
            Ok(n) if n >= min && n <= max => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "{key} {v:?}: a number from {min} to {max}"
            ))),
        }
    }
}
