//! Reading articles from files, directories, JSON Lines and standard input.
//!
//! Every article carries where it came from (file and line) so that an
//! error or diagnostic can name it. A bad line is an [`InputError`]; the
//! rest of the batch goes on.

use anyhow::{Context as _, Result};
use casus_core::{ArticleMeta, Date, JsonArticle};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Where an article came from.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The file (or "-" for standard input).
    pub file: String,
    /// 1-based line for JSON Lines input.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.file, l),
            None => write!(f, "{}", self.file),
        }
    }
}

/// An article to extract.
pub struct Job {
    /// Where it came from.
    pub origin: Origin,
    /// What is known about it.
    pub meta: ArticleMeta,
    /// Its text, as bytes (decoded by the pipeline).
    pub bytes: Vec<u8>,
    /// Where it was published (JSONL `url`).
    pub url: Option<String>,
}

/// An input that could not be read as an article.
#[derive(Debug)]
pub struct InputError {
    /// Where.
    pub origin: Origin,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// The files named by `paths`, directories walked in name order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut out).with_context(|| format!("reading directory {}", p.display()))?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            out.push(p);
        }
    }
    Ok(())
}

/// An input item as read, before any parsing: a JSON line or a text
/// file's bytes. Reading is cheap and in order; [`RawItem::parse`] can
/// then run on many items at once.
pub struct RawItem {
    /// Where it came from.
    pub origin: Origin,
    body: RawBody,
    fallback_date: Option<Date>,
}

enum RawBody {
    /// One line of a JSON Lines file.
    Json(Vec<u8>),
    /// A whole text file (or standard input) and its article id.
    Text { id: String, bytes: Vec<u8> },
}

impl RawItem {
    /// The article of this item, or why it is none.
    pub fn parse(self) -> Result<Job, InputError> {
        match self.body {
            RawBody::Text { id, bytes } => Ok(Job {
                origin: self.origin,
                meta: ArticleMeta {
                    id,
                    fallback_date: self.fallback_date,
                    ..Default::default()
                },
                bytes,
                url: None,
            }),
            RawBody::Json(line) => parse_line(&line, self.origin, self.fallback_date),
        }
    }
}

/// Reads `path` (a .jsonl batch, a text file, or "-" for standard input)
/// and calls `each` with every article or input error, in order.
pub fn read(
    path: &Path,
    fallback_date: Option<Date>,
    each: &mut dyn FnMut(Result<Job, InputError>),
) -> Result<()> {
    read_raw(path, fallback_date, &mut |item| each(item.parse()))
}

/// As [`read`], with each item still unparsed, so that the caller can
/// parse items in parallel (see [`RawItem::parse`]).
pub fn read_raw(
    path: &Path,
    fallback_date: Option<Date>,
    each: &mut dyn FnMut(RawItem),
) -> Result<()> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') {
            return read_jsonl(BufReader::new(&bytes[..]), "-", fallback_date, each);
        }
        each(text_item("-".into(), "stdin".into(), bytes, fallback_date));
        return Ok(());
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => {
            let f = std::fs::File::open(path).with_context(|| format!("opening {name}"))?;
            read_jsonl(BufReader::new(f), &name, fallback_date, each)
        }
        _ => {
            let bytes = std::fs::read(path).with_context(|| format!("reading {name}"))?;
            let id = path
                .file_stem()
                .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
            each(text_item(name, id, bytes, fallback_date));
            Ok(())
        }
    }
}

fn text_item(file: String, id: String, bytes: Vec<u8>, fallback_date: Option<Date>) -> RawItem {
    RawItem {
        origin: Origin { file, line: None },
        body: RawBody::Text { id, bytes },
        fallback_date,
    }
}

fn read_jsonl(
    mut r: impl BufRead,
    file: &str,
    fallback_date: Option<Date>,
    each: &mut dyn FnMut(RawItem),
) -> Result<()> {
    let mut n = 0;
    loop {
        let mut line = Vec::new();
        let got = r
            .read_until(b'\n', &mut line)
            .with_context(|| format!("reading {file}"))?;
        if got == 0 {
            break;
        }
        n += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        each(RawItem {
            origin: Origin {
                file: file.to_string(),
                line: Some(n),
            },
            body: RawBody::Json(line),
            fallback_date,
        });
    }
    Ok(())
}

fn parse_line(line: &[u8], origin: Origin, fallback_date: Option<Date>) -> Result<Job, InputError> {
    match JsonArticle::parse(line) {
        Ok(a) => {
            let id = format!("{}:{}", origin.file, origin.line.unwrap_or(0));
            Ok(Job {
                meta: a.meta(&id, fallback_date),
                origin,
                bytes: a.text.into_bytes(),
                url: a.url,
            })
        }
        Err(e) => Err(InputError {
            origin,
            message: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_errors_name_the_line_and_the_rest_goes_through() {
        let data = b"{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"id\":\"b\",\"date\":\"2024-99-01\",\"text\":\"y\"}\n{\"id\":3,\"text\":\"z\"}\n";
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        read_jsonl(
            BufReader::new(&data[..]),
            "f.jsonl",
            None,
            &mut |r| match r.parse() {
                Ok(j) => ok.push(j.meta.id),
                Err(e) => bad.push(e.to_string()),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok, ["a", "3"]);
        assert_eq!(bad.len(), 2);
        assert!(bad[0].starts_with("f.jsonl:2: not JSON"), "{}", bad[0]);
        assert!(bad[1].starts_with("f.jsonl:3: \"date\""), "{}", bad[1]);
    }
}
