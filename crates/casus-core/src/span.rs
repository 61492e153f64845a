//! Byte spans into an article's text.

use serde::Serialize;

/// A half-open byte range `start..end` into an article's text.
///
/// Invariant: `start <= end`, and both lie on `char` boundaries of the text
/// the span was made for. [`Span::new`] checks both; every span in casus is
/// made from positions found by scanning that same text, so
/// `&text[span.start..span.end]` is always the words it names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span of `text`, or `None` when `start..end` is not a valid range
    /// on char boundaries of `text`.
    pub fn new(text: &str, start: usize, end: usize) -> Option<Span> {
        (start <= end && text.is_char_boundary(start) && text.is_char_boundary(end))
            .then_some(Span { start, end })
    }

    /// The text this span covers; empty if the span does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rejects_reversed_and_mid_char_ranges() {
        let text = "Kyiv – Київ";
        assert!(Span::new(text, 3, 2).is_none());
        let dash = text.find('–').unwrap_or(0);
        assert!(Span::new(text, dash + 1, dash + 3).is_none());
        let s = Span::new(text, 0, 4).unwrap_or_default();
        assert_eq!(s.slice(text), "Kyiv");
    }
}
