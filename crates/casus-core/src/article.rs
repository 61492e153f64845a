//! Stage 1, the article: decoding, the date line, the dateline and the body.
//!
//! An article arrives as bytes with what the caller knows (id, outlet, title,
//! date). This stage decodes the bytes (invalid UTF-8 is replaced and
//! reported with its byte offset), reads a leading `date YYYY-MM-DD` line,
//! an outlet in parentheses, and a wire-style dateline (`MOSCOW, March 23
//! (Reuters) -`), and marks where the body starts. It never fails.

use crate::diagnostic::Diagnostic;
use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::time::{month_from_name, Date};

/// What the caller knows about an article before reading it.
#[derive(Clone, Debug, Default)]
pub struct ArticleMeta {
    /// The article id (a JSONL `id`, or a file's stem).
    pub id: String,
    /// Publication date given with the article (JSONL `date`).
    pub date: Option<Date>,
    /// A date to use when neither the metadata nor the text gives one.
    pub fallback_date: Option<Date>,
    /// The publishing outlet, if known.
    pub outlet: Option<String>,
    /// The headline, if known.
    pub title: Option<String>,
}

/// A wire-style dateline at the start of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The whole dateline, up to and including its dash.
    pub span: Span,
    /// The place it names ("MOSCOW"), as written.
    pub place: Span,
    /// The division or country after the place and a comma ("Ky." of
    /// "GLASGOW, Ky."), as written, when it is no date.
    pub region: Option<Span>,
}

/// An article ready for segmentation.
///
/// Invariant: every [`Span`] in this article and in everything extracted
/// from it indexes `text`, which is the input as given (after replacing
/// invalid UTF-8), so evidence offsets point into what the user supplied.
#[derive(Clone, Debug)]
pub(crate) struct Article {
    /// The article id.
    pub id: String,
    /// The publishing outlet: from the metadata or a leading `(OUTLET)`.
    pub outlet: Option<String>,
    /// The article's date: a `date` line, else the metadata, else a
    /// dateline's month and day with the fallback's year.
    pub date: Option<Date>,
    /// The full text.
    pub text: String,
    /// Where the news text starts and ends (after any date line, outlet
    /// and dateline).
    pub body: Span,
    /// The dateline, if the body starts with one.
    pub dateline: Option<Dateline>,
    /// The text after the `date` line, if any: headline, outlet, dateline
    /// and body, all of which `casus parse` parses.
    pub content: Span,
}

/// How many invalid UTF-8 sequences of one article are reported one by
/// one; the rest are counted in one more diagnostic.
pub(crate) const MAX_INVALID_REPORTED: usize = 10;

/// Decodes bytes as UTF-8 without moving any byte: every offset into the
/// result is the same offset into `bytes`, so a record's offsets point
/// into the input exactly as it was given. Each invalid sequence is read
/// as as many spaces as it has bytes, and reported with its byte offset;
/// NUL bytes are read as spaces and reported; a leading byte-order mark
/// is read as three spaces.
pub fn decode(bytes: &[u8]) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    let mut offset = 0;
    if rest.starts_with(&[0xFF, 0xFE]) || rest.starts_with(&[0xFE, 0xFF]) {
        diags.push(Diagnostic::new(
            0,
            "a UTF-16 byte-order mark: casus reads UTF-8 (convert the text first, e.g. with iconv)",
        ));
    }
    // Each invalid sequence is reported, up to a point: a binary file
    // would otherwise give a line per byte.
    let mut invalid = 0usize;
    let mut last_invalid = 0;
    if rest.starts_with(&[0xEF, 0xBB, 0xBF]) {
        out.push_str("   ");
        rest = &rest[3..];
        offset = 3;
    }
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // valid_up_to guarantees this prefix is UTF-8.
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n(' ', bad));
                invalid += 1;
                last_invalid = offset + good;
                if invalid <= MAX_INVALID_REPORTED {
                    diags.push(Diagnostic::new(
                        offset + good,
                        format!("invalid UTF-8 ({bad} byte(s)) read as spaces"),
                    ));
                }
                rest = &rest[good + bad..];
                offset += good + bad;
            }
        }
    }
    if invalid > MAX_INVALID_REPORTED {
        diags.push(Diagnostic::new(
            last_invalid,
            format!(
                "{} more invalid UTF-8 sequences read as spaces, the last at this byte",
                invalid - MAX_INVALID_REPORTED
            ),
        ));
    }
    if let Some(at) = out.find('\0') {
        diags.push(Diagnostic::new(at, "NUL bytes in text, read as spaces"));
        out = out.replace('\0', " ");
    }
    (out, diags)
}

/// Stage 1: decodes `bytes` ([`decode`]) and reads the article's header
/// ([`parse`]), with what was odd about either.
pub(crate) fn read(lex: &Lexicon, meta: ArticleMeta, bytes: &[u8]) -> (Article, Vec<Diagnostic>) {
    let (text, mut diagnostics) = decode(bytes);
    let (article, d) = parse(lex, meta, text);
    diagnostics.extend(d);
    (article, diagnostics)
}

/// Reads the header of `text` (date line, outlet, dateline) and returns the
/// article. Never fails; an unreadable date line is a diagnostic.
pub(crate) fn parse(lex: &Lexicon, meta: ArticleMeta, text: String) -> (Article, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut pos = skip_ws(&text, 0);
    let mut date = None;
    let mut outlet = meta.outlet.clone();

    if let Some(rest) = text.get(pos..) {
        if rest.len() >= 5 && rest.is_char_boundary(5) && rest[..5].eq_ignore_ascii_case("date ") {
            let after = skip_ws(rest, 5);
            let line = &rest[after..];
            let token_len = line.find(|c: char| c.is_whitespace()).unwrap_or(line.len());
            match Date::parse_iso(&line[..token_len]) {
                Some(d) => {
                    date = Some(d);
                    pos += after + token_len;
                }
                None => diags.push(Diagnostic::new(
                    pos,
                    format!(
                        "date line {:?} is not YYYY-MM-DD; ignored",
                        &line[..token_len]
                    ),
                )),
            }
        }
    }
    pos = skip_ws(&text, pos);
    let content_start = pos;
    // An outlet in parentheses right after the date line: "(MENAFN)".
    if let Some(rest) = text.get(pos..) {
        if rest.starts_with('(') {
            if let Some(close) = rest.find(')') {
                let name = rest[1..close].trim();
                if !name.is_empty() && name.len() <= 40 && !name.contains('\n') {
                    if outlet.is_none() {
                        outlet = Some(name.to_string());
                    }
                    pos = skip_ws(&text, pos + close + 1);
                }
            }
        }
    }
    let dateline = parse_dateline(lex, &text, pos);
    let mut dateline_date = None;
    if let Some((dl, month_day, dl_outlet)) = &dateline {
        pos = skip_ws(&text, dl.span.end());
        dateline_date = *month_day;
        if outlet.is_none() {
            outlet.clone_from(dl_outlet);
        }
    }
    let date = date.or(meta.date).or_else(|| {
        let (m, d) = dateline_date?;
        Date::new(meta.fallback_date?.year, m, d)
    });
    let date = date.or(meta.fallback_date);
    let end = text.trim_end().len().max(pos);
    // Both ends lie between ASCII whitespace and text: char boundaries.
    let body = Span::new(&text, pos, end).unwrap_or_default();
    let content = Span::new(&text, content_start.min(end), end).unwrap_or_default();
    (
        Article {
            id: meta.id,
            outlet,
            date,
            body,
            content,
            dateline: dateline.map(|(d, _, _)| d),
            text,
        },
        diags,
    )
}

fn skip_ws(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

type DatelineParts = (Dateline, Option<(u8, u8)>, Option<String>);

/// `PLACE[, Region][, Month Day] [(Outlet)] -` at `pos`: the place is one to
/// four upper-case words; the dash may be -, – or —.
fn parse_dateline(lex: &Lexicon, text: &str, pos: usize) -> Option<DatelineParts> {
    let rest = text.get(pos..)?;
    // The place is in capitals: a first word with a lower-case letter
    // rules a dateline out before any scanning.
    if rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .is_some_and(|w| w.chars().any(char::is_lowercase))
    {
        return None;
    }
    let window = &rest[..floor_boundary(rest, 120)];
    // The first dash that stands between words: a dash inside a name
    // ("PORT-AU-PRINCE") is not the dateline's.
    let dash = window.char_indices().find_map(|(i, c)| {
        let is_dash = matches!(c, '-' | '\u{2013}' | '\u{2014}');
        let spaced = window[..i].ends_with(' ') || window[..i].ends_with(')');
        (is_dash && (spaced || c != '-')).then_some(i)
    })?;
    let head = window[..dash].trim_end();
    let (head, outlet) = match head.rfind('(') {
        Some(open) if head.ends_with(')') => (
            head[..open].trim_end(),
            Some(head[open + 1..head.len() - 1].trim().to_string()),
        ),
        _ => (head, None),
    };
    let mut parts = head.split(',').map(str::trim);
    let place = parts.next()?;
    let is_caps = !place.is_empty()
        && place.split_whitespace().count() <= 4
        && place.chars().any(|c| c.is_alphabetic())
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-');
    if !is_caps {
        return None;
    }
    let mut month_day = None;
    let mut region = None;
    for (k, part) in parts.enumerate() {
        let mut words = part.split_whitespace();
        if let (Some(m), Some(d)) = (words.next(), words.next()) {
            if let (Some(m), Ok(d)) = (
                month_from_name(lex, m),
                d.trim_end_matches('.').parse::<u8>(),
            ) {
                month_day = Some((m, d));
                continue;
            }
        }
        let at = pos + (part.as_ptr() as usize - rest.as_ptr() as usize);
        if k == 0 && !part.is_empty() && month_from_name(lex, part).is_none() {
            region = Span::new(text, at, at + part.len());
        }
    }
    let dash_len = window[dash..].chars().next().map_or(1, char::len_utf8);
    let place_start = pos + (place.as_ptr() as usize - rest.as_ptr() as usize);
    Some((
        Dateline {
            span: Span::new(text, pos, pos + dash + dash_len)?,
            place: Span::new(text, place_start, place_start + place.len())?,
            region,
        },
        month_day,
        outlet,
    ))
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            ..Default::default()
        }
    }

    #[test]
    fn date_line_and_outlet() {
        let text = " date 2024-02-04 (MENAFN) In response to an attack, ...".to_string();
        let (a, d) = parse(crate::lexicon::builtin(), meta("x"), text);
        assert!(d.is_empty());
        assert_eq!(a.date, Date::new(2024, 2, 4));
        assert_eq!(a.outlet.as_deref(), Some("MENAFN"));
        assert!(a.body.slice(&a.text).starts_with("In response"));
    }

    #[test]
    fn wire_dateline_gives_place_and_day() {
        let text = "MOSCOW, March 23 (Reuters) - Russia said on Monday ...".to_string();
        let mut m = meta("x");
        m.fallback_date = Date::new(2025, 1, 1);
        let (a, _) = parse(crate::lexicon::builtin(), m, text);
        let dl = a.dateline.clone().unwrap_or(Dateline {
            span: Span::default(),
            place: Span::default(),
            region: None,
        });
        assert_eq!(dl.place.slice(&a.text), "MOSCOW");
        assert_eq!(dl.region, None);
        assert_eq!(a.date, Date::new(2025, 3, 23));
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert!(a.body.slice(&a.text).starts_with("Russia said"));
    }

    #[test]
    fn a_dateline_names_the_division_after_its_town() {
        let text = "PARIS, Tenn. (AP) - A storm tore roofs off ...".to_string();
        let (a, _) = parse(crate::lexicon::builtin(), meta("x"), text);
        let region = a.dateline.as_ref().and_then(|d| d.region);
        assert_eq!(region.map(|r| r.slice(&a.text)), Some("Tenn."));
        assert_eq!(a.outlet.as_deref(), Some("AP"));
    }

    #[test]
    fn no_dateline_in_ordinary_sentence() {
        let (a, _) = parse(
            crate::lexicon::builtin(),
            meta("x"),
            "Israeli troops - it was said - moved.".into(),
        );
        assert!(a.dateline.is_none());
        assert_eq!(a.body.start(), 0);
    }

    #[test]
    fn invalid_utf8_is_read_as_spaces_and_reported_with_offset() {
        let (s, d) = decode(b"Kyiv \xFF\xE2\x82 said \xF0\x9F");
        assert_eq!(s, "Kyiv     said   ");
        assert_eq!(d.len(), 3);
        assert_eq!((d[0].byte, d[1].byte, d[2].byte), (5, 6, 14));
        // Every byte stays where it was: a byte-order mark and NUL too.
        let (s, d) = decode(b"\xEF\xBB\xBFKyiv\0said");
        assert_eq!(s, "   Kyiv said");
        assert_eq!(d.len(), 1, "{d:?}");
        // A binary file: ten sequences named, the rest counted.
        let (s, d) = decode(&[0xFF; 25]);
        assert_eq!(s, " ".repeat(25));
        assert_eq!(d.len(), MAX_INVALID_REPORTED + 1);
        assert_eq!(d[10].byte, 24);
        assert!(d[10].message.starts_with("15 more"), "{}", d[10].message);
        // UTF-16 is named as such.
        let (_, d) = decode(&[0xFF, 0xFE, b'K', 0]);
        assert!(d[0].message.contains("UTF-16"), "{:?}", d[0]);
    }

    #[test]
    fn bad_date_line_is_a_diagnostic() {
        let (a, d) = parse(
            crate::lexicon::builtin(),
            meta("x"),
            "date 2024-13-45\nText.".into(),
        );
        assert!(a.date.is_none());
        assert_eq!(d.len(), 1);
    }
}
