//! Dates, read by stages 5 (candidates) and 6 (discourse): calendar
//! dates, and date expressions in a sentence resolved against the
//! article's date.
//!
//! News leans to the past: "on Friday" in an article dated Sunday is two
//! days before, not five days after; "Friday" in an article dated Friday is
//! that day. Month-and-day dates without a year take the year that puts
//! them on or before the article date (a December date in a January article
//! is last year's).

use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::text::{Doc, TokenKind};
use jiff::civil;
use serde::{Serialize, Serializer};

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i16, month: u8, day: u8) -> Option<Date> {
        civil::Date::new(year, month as i8, day as i8).ok()?;
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, alone or followed by something other than a
    /// digit (a time: `2024-02-02T10:00:00Z`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        if s.as_bytes().get(10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let s = s.get(..10)?;
        let b = s.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            s[..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        )
    }

    fn civil(self) -> civil::Date {
        civil::date(self.year, self.month as i8, self.day as i8)
    }

    fn from_civil(d: civil::Date) -> Date {
        Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }

    /// This date moved by `days` (negative: earlier). Saturates at the
    /// ends of the supported range.
    pub fn add_days(self, days: i32) -> Date {
        self.civil()
            .checked_add(jiff::Span::new().days(days))
            .map_or(self, Date::from_civil)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        let a = self.civil();
        let b = other.civil();
        (b - a).get_days()
    }

    /// Day of the week, Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u8 {
        self.civil().weekday().to_monday_zero_offset() as u8
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether token `k` names a day of the week or a month ("Sunday's
/// attack", "the March offensive").
pub(crate) fn is_calendar_word(lex: &Lexicon, doc: &Doc, k: usize) -> bool {
    doc.is(k, &lex.weekdays.words) || doc.is(k, &lex.months.words)
}

/// The month token `k` of `doc` names, capitalised ("March", not
/// "march"), as [`month_from_name`] reads it.
#[inline(always)]
pub(crate) fn month_at(lex: &Lexicon, text: &str, doc: &Doc, k: usize) -> Option<u8> {
    let m = doc.value(k, &lex.months)?;
    let w = doc.tok(text, k);
    let capital = w.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    (capital && (3..=10).contains(&w.len()))
        .then(|| u8::try_from(m).ok())
        .flatten()
}

/// Month number of a capitalised English month name or abbreviation
/// ("January", "Jan.", "Sept"), as the lexicon's `months` gives it.
pub(crate) fn month_from_name(lex: &Lexicon, s: &str) -> Option<u8> {
    // Month names are capitalised and have 3 to 9 (with a period 10)
    // letters: most words are ruled out here.
    if !s.as_bytes().first().is_some_and(u8::is_ascii_uppercase) || !(3..=10).contains(&s.len()) {
        return None;
    }
    let m = lex.months.value(s.trim_end_matches('.'))?;
    u8::try_from(m).ok()
}

/// A date expression found in the text, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TimeMention {
    /// The words that state it.
    pub span: Span,
    /// The date they give.
    pub date: Date,
    /// Token index where the expression starts.
    pub token: usize,
    /// How far the date may be off, in days ("last week": 3).
    pub tolerance: u8,
}

/// Finds the date expressions in tokens `range` of `doc` and resolves them
/// against `article_date`. Without an article date only full dates
/// (with a year) resolve.
pub(crate) fn find(
    lex: &Lexicon,
    text: &str,
    doc: &Doc,
    range: std::ops::Range<usize>,
    article_date: Option<Date>,
) -> Vec<TimeMention> {
    let mut out = Vec::new();
    let tok = |i: usize| doc.tok(text, i);
    let mut i = range.start;
    while i < range.end {
        let t = tok(i);
        let mut push = |end_tok: usize, date: Date, tolerance: u8| {
            out.push(TimeMention {
                span: doc.tokens[i].span.cover(doc.tokens[end_tok].span),
                date,
                token: i,
                tolerance,
            });
        };
        // 2024-01-28
        if doc.tokens[i].kind == TokenKind::Number && t.len() == 10 {
            if let Some(d) = Date::parse_iso(t) {
                push(i, d, 0);
                i += 1;
                continue;
            }
        }
        // January 28[, 2024] / Jan. 28
        let month = |k: usize| month_at(lex, text, doc, k);
        if let Some(m) = month(i) {
            let mut j = i + 1;
            if tok(j) == "." {
                j += 1;
            }
            if j < range.end && doc.tokens[j].kind == TokenKind::Number {
                if let Ok(d) = tok(j)
                    .trim_end_matches(|c: char| c.is_alphabetic())
                    .parse::<u8>()
                {
                    let mut end = j;
                    let mut year = None;
                    if tok(j + 1) == "," && tok(j + 2).len() == 4 {
                        year = tok(j + 2).parse::<i16>().ok();
                        end = j + 2;
                    } else if tok(j + 1).len() == 4
                        && doc
                            .tokens
                            .get(j + 1)
                            .is_some_and(|t| t.kind == TokenKind::Number)
                    {
                        year = tok(j + 1).parse::<i16>().ok();
                        end = j + 1;
                    }
                    if let Some(date) = resolve_month_day(m, d, year, article_date) {
                        push(end, date, 0);
                    }
                    i = end + 1;
                    continue;
                }
            }
        }
        // 28 January [2024]
        if doc.tokens[i].kind == TokenKind::Number && t.len() <= 2 {
            if let (Ok(d), Some(m)) = (t.parse::<u8>(), month(i + 1)) {
                let (year, end) = match tok(i + 2).parse::<i16>() {
                    Ok(y) if tok(i + 2).len() == 4 => (Some(y), i + 2),
                    _ => (None, i + 1),
                };
                if let Some(date) = resolve_month_day(m, d, year, article_date) {
                    push(end, date, 0);
                }
                i = end + 1;
                continue;
            }
        }
        // Most words are no date: one hash test each for the cue words
        // and the "ago" two words on.
        let cue = doc.is(i, &lex.date_cues) || doc.is(i, &lex.weekdays.words);
        let ago = doc.is_word(i + 2, "ago");
        if let Some(ad) = article_date.filter(|_| cue || ago) {
            if let Some((end, date, tolerance)) = relative(lex, text, doc, i, range.start, ad) {
                push(end, date, tolerance);
            }
        }
        i += 1;
    }
    out
}

/// A date relative to the article's date `ad` that token `i` begins
/// (`first` is the sentence's first token): "on Friday", "yesterday",
/// "last week", "three days ago"; its last token, the date and how far
/// it may be off in days.
fn relative(
    lex: &Lexicon,
    text: &str,
    doc: &Doc,
    i: usize,
    first: usize,
    ad: Date,
) -> Option<(usize, Date, u8)> {
    let tok = |k: usize| doc.tok(text, k);
    let t = tok(i);
    let lower = doc.low(i);
    let weekday = t
        .starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| doc.value(i, &lex.weekdays))
        .flatten()
        .and_then(|d| u8::try_from(d).ok());
    if let Some(w) = weekday {
        // "last Friday" and "on Friday" both look back.
        let back = (ad.weekday() as i32 - w as i32).rem_euclid(7);
        return Some((i, ad.add_days(-back), 0));
    }
    match lower {
        "yesterday" => Some((i, ad.add_days(-1), 0)),
        "today" if i > first || tok(i + 1) != "'s" => Some((i, ad, 0)),
        "tonight" => Some((i, ad, 0)),
        "overnight" => Some((i, ad.add_days(-1), 1)),
        "last" => match doc.low(i + 1) {
            "night" => Some((i + 1, ad.add_days(-1), 1)),
            "week" | "weekend" => Some((i + 1, ad.add_days(-7), 4)),
            // The middle of last month, give or take half of it.
            "month" => {
                let (y, m) = if ad.month == 1 {
                    (ad.year - 1, 12)
                } else {
                    (ad.year, ad.month - 1)
                };
                Date::new(y, m, 15).map(|d| (i + 1, d, 15))
            }
            _ => None,
        },
        "earlier" if tok(i + 1).eq_ignore_ascii_case("today") => Some((i + 1, ad, 0)),
        // "three days ago"
        _ if tok(i + 2).eq_ignore_ascii_case("ago") => {
            let unit = doc.low(i + 1);
            let n = crate::quantity::parse_number(lex, t).map(|n| n as i32);
            let days = match (unit, n) {
                ("days" | "day", Some(n)) => Some(n),
                ("week", _) if lower == "a" || lower == "one" => Some(7),
                ("weeks", Some(n)) => Some(7 * n),
                _ => None,
            };
            days.map(|days| (i + 2, ad.add_days(-days), 1))
        }
        _ => None,
    }
}

fn resolve_month_day(m: u8, d: u8, year: Option<i16>, article: Option<Date>) -> Option<Date> {
    if let Some(y) = year {
        return Date::new(y, m, d);
    }
    let ad = article?;
    let this_year = Date::new(ad.year, m, d)?;
    // A date more than a month after the article is last year's.
    if ad.days_until(this_year) > 31 {
        Date::new(ad.year - 1, m, d)
    } else {
        Some(this_year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn dates(s: &str, ad: &str) -> Vec<String> {
        let lex = crate::lexicon::builtin();
        let doc = segment(s, Span::whole(s), &lex.abbreviations);
        find(lex, s, &doc, 0..doc.tokens.len(), Date::parse_iso(ad))
            .into_iter()
            .map(|m| format!("{}={}", m.span.slice(s), m.date))
            .collect()
    }

    #[test]
    fn weekdays_look_back_from_the_article_date() {
        // 2024-02-04 is a Sunday.
        assert_eq!(
            dates("the strikes on Friday", "2024-02-04"),
            ["Friday=2024-02-02"]
        );
        assert_eq!(dates("on Sunday", "2024-02-04"), ["Sunday=2024-02-04"]);
        assert_eq!(
            dates("on Monday night", "2024-02-04"),
            ["Monday=2024-01-29"]
        );
    }

    #[test]
    fn calendar_dates_in_news_forms() {
        assert_eq!(dates("on Jan. 28", "2024-02-04"), ["Jan. 28=2024-01-28"]);
        assert_eq!(
            dates("on December 30", "2024-01-04"),
            ["December 30=2023-12-30"]
        );
        assert_eq!(
            dates("on 7 October 2023", "2024-01-04"),
            ["7 October 2023=2023-10-07"]
        );
        assert_eq!(
            dates("March 3, 2022", "2024-01-04"),
            ["March 3, 2022=2022-03-03"]
        );
        assert_eq!(dates("yesterday", "2024-01-04"), ["yesterday=2024-01-03"]);
        assert_eq!(
            dates("three days ago", "2024-01-04"),
            ["three days ago=2024-01-01"]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(dates("Russia may 5 times", "2024-01-04").is_empty());
    }

    #[test]
    fn add_days_and_weekday() {
        let d = Date::new(2024, 2, 2).unwrap_or(Date {
            year: 0,
            month: 1,
            day: 1,
        });
        assert_eq!(d.weekday(), 4);
        assert_eq!(d.add_days(-7).to_string(), "2024-01-26");
        assert_eq!(d.days_until(d.add_days(30)), 30);
    }
}
