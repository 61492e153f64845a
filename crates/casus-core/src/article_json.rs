//! The article as one JSON object, the input of `casus ingest`'s JSON
//! Lines and of the HTTP API:
//! `{"id", "date", "outlet", "title", "url", "text"}`, only `text`
//! required.

use crate::article::ArticleMeta;
use crate::time::Date;
use serde_json::Value;

/// An article read from JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonArticle {
    /// `id`: a string, or a number taken as its digits.
    pub id: Option<String>,
    /// `date`, `YYYY-MM-DD`.
    pub date: Option<Date>,
    /// `outlet`.
    pub outlet: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `text`, the article's text.
    pub text: String,
}

/// Why a JSON text is not an article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonArticleError {
    /// Not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an article: a field is missing or of the wrong kind.
    #[error("{0}")]
    Invalid(String),
}

/// serde_json's message with its place said as casus says places.
fn not_json(e: &serde_json::Error) -> JsonArticleError {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(what, _)| what);
    JsonArticleError::NotJson(if e.line() <= 1 {
        format!("byte {}: {what}", e.column())
    } else {
        format!("line {} column {}: {what}", e.line(), e.column())
    })
}

impl JsonArticle {
    /// Reads one JSON object. A trailing line break is ignored; where the
    /// text is not JSON, the error says at which byte (of a text on one
    /// line, as a JSON Lines line is) or at which line and column.
    pub fn parse(bytes: &[u8]) -> Result<JsonArticle, JsonArticleError> {
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let v: Value = serde_json::from_slice(bytes).map_err(|e| not_json(&e))?;
        JsonArticle::from_value(&v)
    }

    /// Reads an article from parsed JSON.
    pub fn from_value(v: &Value) -> Result<JsonArticle, JsonArticleError> {
        let invalid = |m: &str| JsonArticleError::Invalid(m.to_string());
        let obj = v.as_object().ok_or_else(|| invalid("not a JSON object"))?;
        let text = match obj.get("text") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(invalid("\"text\" is not a string")),
            None => return Err(invalid("no \"text\" field")),
        };
        let id = match obj.get("id") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            None | Some(Value::Null) => None,
            Some(Value::String(_)) => return Err(invalid("\"id\" is empty")),
            Some(_) => return Err(invalid("\"id\" is not a string or number")),
        };
        let date = match obj.get("date") {
            Some(Value::String(s)) => Some(Date::parse_iso(s).ok_or_else(|| {
                JsonArticleError::Invalid(format!("\"date\" {s:?} is not YYYY-MM-DD"))
            })?),
            None | Some(Value::Null) => None,
            Some(_) => return Err(invalid("\"date\" is not a string")),
        };
        let opt = |k: &str| -> Result<Option<String>, JsonArticleError> {
            match obj.get(k) {
                Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                None | Some(Value::Null) | Some(Value::String(_)) => Ok(None),
                Some(_) => Err(JsonArticleError::Invalid(format!(
                    "\"{k}\" is not a string"
                ))),
            }
        };
        Ok(JsonArticle {
            id,
            date,
            outlet: opt("outlet")?,
            title: opt("title")?,
            url: opt("url")?,
            text,
        })
    }

    /// What the pipeline is told of the article; `id` is used when the
    /// JSON gave none.
    pub fn meta(&self, id: &str, fallback_date: Option<Date>) -> ArticleMeta {
        ArticleMeta {
            id: self.id.clone().unwrap_or_else(|| id.to_string()),
            date: self.date,
            fallback_date,
            outlet: self.outlet.clone(),
            title: self.title.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_and_wrong_kinds_named() {
        let a = JsonArticle::parse(
            br#"{"id":7,"date":"2024-02-02","outlet":"","title":"T","text":"x"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.outlet, None, "an empty outlet is none");
        assert_eq!(a.meta("f:1", None).title.as_deref(), Some("T"));
        let cases: [(&[u8], &str); 6] = [
            (b"{", "not JSON"),
            (b"[1]", "not a JSON object"),
            (br#"{"id":"a"}"#, "no \"text\""),
            (br#"{"text":3}"#, "\"text\" is not"),
            (br#"{"text":"x","date":"2024-99-01"}"#, "\"date\""),
            (br#"{"text":"x","url":5}"#, "\"url\" is not"),
        ];
        for (input, want) in cases {
            match JsonArticle::parse(input) {
                Err(e) => assert!(e.to_string().contains(want), "{e} / {want}"),
                Ok(a) => panic!("{a:?}"),
            }
        }
        assert!(matches!(
            JsonArticle::parse(b"{"),
            Err(JsonArticleError::NotJson(_))
        ));
        // A cut line: where it ends, not the line break after it.
        match JsonArticle::parse(b"{\"text\": \"Police arr\n") {
            Err(e) => assert_eq!(
                e.to_string(),
                "not JSON: byte 20: EOF while parsing a string"
            ),
            Ok(a) => panic!("{a:?}"),
        }
    }
}
