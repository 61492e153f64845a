//! Byte spans into an article's text.

/// A half-open byte range `start..end` into an article's text.
///
/// Invariant: `start <= end`, and both lie on `char` boundaries of the text
/// the span was made for, so `&text[span.start()..span.end()]` is always
/// the words it names. The fields are private and every constructor keeps
/// the invariant: [`Span::new`] checks a range against its text,
/// [`Span::whole`] takes all of a text, [`Span::cover`] joins two spans
/// of one text, and [`Span::scanned`] (the tokenizer's) asserts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// A span of `text`, or `None` when `start..end` is not a valid range
    /// on char boundaries of `text`.
    #[inline]
    pub(crate) fn new(text: &str, start: usize, end: usize) -> Option<Span> {
        (start <= end && text.is_char_boundary(start) && text.is_char_boundary(end))
            .then_some(Span { start, end })
    }

    /// A span of `text` whose ends the caller found by walking `text` a
    /// whole character at a time (the tokenizer's inner loop, where
    /// [`Span::new`]'s check costs 0.7% of extraction). The invariant is
    /// asserted in debug builds, and the segmentation property test slices
    /// the text at every token it makes.
    #[inline(always)]
    pub(crate) fn scanned(text: &str, start: usize, end: usize) -> Span {
        debug_assert!(Span::new(text, start, end).is_some(), "{start}..{end}");
        let _ = text;
        Span { start, end }
    }

    /// All of `text`.
    pub(crate) fn whole(text: &str) -> Span {
        Span {
            start: 0,
            end: text.len(),
        }
    }

    /// First byte.
    #[inline(always)]
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte.
    #[inline(always)]
    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// The text this span covers; empty if the span does not fit `text`.
    pub(crate) fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// The smallest span covering both (spans of one text).
    pub(crate) fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
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
        let k = Span::new(text, dash + 4, text.len()).unwrap_or_default();
        assert_eq!(s.cover(k).slice(text), text);
        assert_eq!(Span::whole(text).slice(text), text);
    }
}
