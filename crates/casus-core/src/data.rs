//! The data files casus is built from, and their parsing.
//!
//! Every dictionary is a tab-separated file under `data/` with a header
//! row; `#` starts a comment line; lists inside a field are separated by
//! `|`. The files are compiled into the library ([`DataFiles::builtin`]),
//! and a caller may pass its own copies instead (the CLI's `--data DIR`).

use std::borrow::Cow;
use thiserror::Error;

/// A data file that could not be read: names the file and line.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    /// The file's name under `data/`, e.g. `actors/countries.tsv`.
    pub file: String,
    /// 1-based line number (0 when the whole file is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The text of every data file the pipeline needs, by name.
#[derive(Clone, Debug)]
pub struct DataFiles {
    /// Borrowed when compiled in, owned when read by the caller.
    files: Vec<(&'static str, Cow<'static, str>)>,
    /// The syntax model (`syntax/en_ewt.model`), the one file that is not text.
    syntax: Cow<'static, [u8]>,
}

/// The syntax model as compiled in.
const SYNTAX_MODEL: &[u8] = include_bytes!("../../../data/syntax/en_ewt.model");

/// The data files the pipeline reads, each named once: the list of
/// names and the copies compiled into the library come from this one
/// list.
macro_rules! data_files {
    ($($name:literal),* $(,)?) => {
        /// The names of the data files, relative to `data/`.
        const NAMES: &[&str] = &[$($name),*];

        /// The data files as compiled in.
        fn compiled_in() -> Vec<(&'static str, Cow<'static, str>)> {
            vec![$(($name, Cow::Borrowed(include_str!(concat!("../../../data/", $name))))),*]
        }
    };
}

data_files![
    "actors/countries.tsv",
    "actors/agents.tsv",
    "actors/organizations.tsv",
    "actors/people.tsv",
    "actors/outlets.tsv",
    "actors/office_holders.tsv",
    "actors/phoenix_actors.tsv",
    "actors/phoenix_agents.tsv",
    "triggers/triggers.tsv",
    "triggers/blockers.tsv",
    "lexicon/irregular_verbs.tsv",
    "lexicon/function_words.tsv",
    "lexicon/verbs.tsv",
    "lexicon/cues.tsv",
    "lexicon/harm.tsv",
    "lexicon/nouns.tsv",
    "lexicon/names.tsv",
    "lexicon/numbers.tsv",
    "lexicon/calendar.tsv",
    "lexicon/triggers.tsv",
    "gazetteer/countries.tsv",
    "gazetteer/continents.tsv",
    "gazetteer/admin1.tsv",
    "gazetteer/abbreviations.tsv",
    "gazetteer/division_points.tsv",
    "gazetteer/admin2.tsv",
    "gazetteer/cities.tsv",
    "gazetteer/places.tsv",
    "ontology/cameo_codes.tsv",
    "ontology/plover_modes.tsv",
    "ontology/plover2acled.tsv",
    "ontology/extra_modes.tsv",
    "ontology/recodes.tsv",
];

impl DataFiles {
    /// The names of the files a data directory must hold, relative to
    /// it (`actors/countries.tsv`, …).
    pub const NAMES: &'static [&'static str] = NAMES;

    /// The data files shipped with this version of casus.
    pub fn builtin() -> DataFiles {
        DataFiles {
            files: compiled_in(),
            syntax: Cow::Borrowed(SYNTAX_MODEL),
        }
    }

    /// The name of the syntax model under `data/`.
    pub const SYNTAX_MODEL: &'static str = "syntax/en_ewt.model";

    /// These files with the syntax model read by the caller (from
    /// [`DataFiles::SYNTAX_MODEL`] in a data directory) instead of the
    /// compiled-in one.
    pub fn with_syntax_model(mut self, bytes: Vec<u8>) -> DataFiles {
        self.syntax = Cow::Owned(bytes);
        self
    }

    /// Checks a syntax model read by the caller (its format version and
    /// checksum: a few milliseconds, the tables are read when first used);
    /// the compiled-in one is checked by the tests.
    pub(crate) fn check_syntax_model(&self) -> Result<(), DataError> {
        match &self.syntax {
            Cow::Borrowed(_) => Ok(()),
            Cow::Owned(bytes) => casus_syntax::Model::check(bytes).map_err(|e| DataError {
                file: DataFiles::SYNTAX_MODEL.to_string(),
                line: 0,
                message: e.to_string(),
            }),
        }
    }

    /// The syntax model's bytes.
    pub(crate) fn syntax_model(&self) -> Cow<'static, [u8]> {
        self.syntax.clone()
    }

    /// Data files read by the caller: `read(name)` returns the text of the
    /// file `name` (one of [`DataFiles::NAMES`]), or a message saying why
    /// not.
    pub fn from_reader(
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<DataFiles, DataError> {
        let mut files = Vec::new();
        for &name in NAMES {
            let text = read(name).map_err(|message| DataError {
                file: name.to_string(),
                line: 0,
                message,
            })?;
            files.push((name, Cow::Owned(text)));
        }
        Ok(DataFiles {
            files,
            syntax: Cow::Borrowed(SYNTAX_MODEL),
        })
    }

    /// These files with `name`'s text replaced (for tests of bad rows).
    #[cfg(test)]
    pub(crate) fn with(&self, name: &str, text: &str) -> DataFiles {
        let mut files = self.files.clone();
        for (n, t) in &mut files {
            if *n == name {
                *t = Cow::Owned(text.to_string());
            }
        }
        DataFiles {
            files,
            syntax: self.syntax.clone(),
        }
    }

    /// The rows of file `name`.
    pub(crate) fn table<'a>(&'a self, name: &'a str) -> Result<Table<'a>, DataError> {
        let text = self
            .files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| &**t)
            .ok_or_else(|| DataError {
                file: name.into(),
                line: 0,
                message: "missing data file".into(),
            })?;
        Table::parse(name, text)
    }
}

/// A parsed TSV table.
pub(crate) struct Table<'a> {
    pub name: &'a str,
    pub header: Vec<&'a str>,
    pub rows: Vec<Row<'a>>,
}

/// One row of a table, with its line number: the line itself, split into
/// fields as they are asked for (a gazetteer of 170,000 rows loads
/// without a vector of fields for each).
pub(crate) struct Row<'a> {
    pub line: usize,
    text: &'a str,
}

impl<'a> Table<'a> {
    fn parse(name: &'a str, text: &'a str) -> Result<Table<'a>, DataError> {
        let mut header = None;
        let mut rows = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match &header {
                None => header = Some(line.split('\t').map(str::trim).collect::<Vec<_>>()),
                Some(h) => {
                    let fields = line.bytes().filter(|&b| b == b'\t').count() + 1;
                    if fields > h.len() {
                        return Err(DataError {
                            file: name.into(),
                            line: n + 1,
                            message: format!("{fields} fields, but the header has {}", h.len()),
                        });
                    }
                    rows.push(Row {
                        line: n + 1,
                        text: line,
                    });
                }
            }
        }
        let header = header.ok_or_else(|| DataError {
            file: name.into(),
            line: 0,
            message: "empty file: no header row".into(),
        })?;
        if rows.is_empty() {
            return Err(DataError {
                file: name.into(),
                line: 0,
                message: "no rows".into(),
            });
        }
        Ok(Table { name, header, rows })
    }

    /// The index of column `col`.
    pub(crate) fn col(&self, col: &str) -> Result<usize, DataError> {
        self.header
            .iter()
            .position(|h| *h == col)
            .ok_or_else(|| DataError {
                file: self.name.into(),
                line: 1,
                message: format!("no column {col:?} in the header"),
            })
    }

    /// An error at `row`.
    pub(crate) fn error(&self, row: &Row, message: impl Into<String>) -> DataError {
        DataError {
            file: self.name.into(),
            line: row.line,
            message: message.into(),
        }
    }
}

impl<'a> Row<'a> {
    /// Field `i`, empty when the row is short.
    pub(crate) fn get(&self, i: usize) -> &'a str {
        self.text.split('\t').nth(i).map_or("", str::trim)
    }

    /// The first `N` fields, empty where the row is short: one pass over
    /// the line, for tables large enough that it shows.
    pub(crate) fn fields<const N: usize>(&self) -> [&'a str; N] {
        let mut out = [""; N];
        for (slot, f) in out.iter_mut().zip(self.text.split('\t')) {
            *slot = f.trim();
        }
        out
    }

    /// Field `i` split on `|`, empty items dropped.
    pub(crate) fn list(&self, i: usize) -> impl Iterator<Item = &'a str> {
        self.get(i)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_all_parse() {
        let d = DataFiles::builtin();
        for name in NAMES {
            assert!(d.table(name).is_ok(), "{name} does not parse");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Table::parse("x.tsv", "a\tb\n# c\n1\t2\t3\n").err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("x.tsv:3: 3 fields, but the header has 2".to_string())
        );
        let e = Table::parse("y.tsv", "").err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("y.tsv:0: empty file: no header row"));
    }
}
