//! Diagnostics: what extraction noticed about odd input, without failing.

use serde::Serialize;

/// Something odd about an article that extraction worked around.
///
/// Extraction never fails on text; it returns records and diagnostics, so a
/// caller can report them with the file and line it knows about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Byte offset in the input where the problem was seen.
    pub byte: usize,
    /// What happened, in plain words.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `byte`.
    pub fn new(byte: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            byte,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {}: {}", self.byte, self.message)
    }
}
